package dev.romalocal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.contract.ServerFixture;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes and refusals are recorded, read back newest first, paged, filtered and kept for the retention only. */
@ParameterizedClass
@EnumSource(Backend.class)
class AuditTrailTest extends ServerFixture {
    final MutableClock clock = MutableClock.systemNow();

    @Override
    protected RomaLocal start(Settings settings) {
        return RomaLocal.start(settings, clock);
    }

    JsonNode events(String query) {
        Http.Response r = http.withToken("GET", "/_roma_local/audit" + query, adminToken, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    @Test
    void writesAndRefusalsAreRecordedNewestFirst() {
        Http.Response put = http.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/audit-1",
                adminToken, "{}");
        assertThat(put.status()).isIn(200, 201);
        Http.Response anonymous = http.withToken("GET", "/v2/" + PROJECT + "/apic/instances/audit-1", "garbage",
                null);
        assertThat(anonymous.status()).isEqualTo(401);
        String otherProject = "fedcba9876543210fedcba9876543210";
        Http.Response denied = http.withToken("GET", "/v2/" + otherProject + "/apic/instances/audit-1",
                adminToken, null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("APIC.7106");
        assertThat(denied.header("X-Roma-Local-Reason")).contains("scoped to project " + PROJECT);
        // A successful read is not recorded.
        assertThat(http.withToken("GET", "/v2/" + PROJECT + "/apic/instances/audit-1", adminToken, null).status())
                .isEqualTo(200);

        JsonNode list = events("?limit=3").get("events");
        assertThat(list).hasSize(3);
        JsonNode d = list.get(0);
        assertThat(d.get("request_id").asText()).isEqualTo(denied.header("X-Request-Id"));
        assertThat(d.get("result").asText()).isEqualTo("denied");
        assertThat(d.get("status").asInt()).isEqualTo(403);
        assertThat(d.get("error_code").asText()).isEqualTo("APIC.7106");
        assertThat(d.get("action").asText()).isEqualTo("roma:instances:get");
        assertThat(d.get("principal").asText()).isEqualTo("admin@roma-local");
        assertThat(d.get("reason").asText()).contains("scoped to project");
        assertThat(d.get("resource").asText()).isEqualTo("GET /v2/" + otherProject + "/apic/instances/audit-1");
        assertThat(d.get("source").asText()).isEqualTo("127.0.0.1");
        JsonNode a = list.get(1);
        assertThat(a.get("request_id").asText()).isEqualTo(anonymous.header("X-Request-Id"));
        assertThat(a.get("result").asText()).isEqualTo("unauthenticated");
        assertThat(a.get("principal").asText()).isEqualTo("-");
        assertThat(a.path("domain_id").isMissingNode()).as("no account for an unidentified caller").isTrue();
        JsonNode w = list.get(2);
        assertThat(w.get("request_id").asText()).isEqualTo(put.header("X-Request-Id"));
        assertThat(w.get("result").asText()).isEqualTo("success");
        assertThat(w.get("action").asText()).isEqualTo("romalocal:instances:put");
        assertThat(w.path("error_code").isMissingNode()).isTrue();

        JsonNode onlyDenied = events("?result=denied").get("events");
        assertThat(onlyDenied).isNotEmpty().allSatisfy(e -> assertThat(e.get("result").asText()).isEqualTo("denied"));
    }

    @Test
    void pagesWithMarkers() {
        for (int i = 0; i < 5; i++) {
            http.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/page-" + i, adminToken, "{}");
        }
        List<Long> ids = new ArrayList<>();
        String query = "?limit=2";
        for (int page = 0; page < 3; page++) {
            JsonNode p = events(query);
            p.get("events").forEach(e -> ids.add(e.get("id").asLong()));
            query = "?limit=2&marker=" + p.get("next_marker").asLong();
        }
        assertThat(ids).hasSize(6).isSortedAccordingTo((x, y) -> Long.compare(y, x)).doesNotHaveDuplicates();
    }

    @Test
    void badQueriesAreParameterErrors() {
        for (String q : List.of("?limit=0", "?limit=1001", "?limit=x", "?marker=abc", "?marker=0", "?marker=-3",
                "?result=ok")) {
            Http.Response r = http.withToken("GET", "/_roma_local/audit" + q, adminToken, null);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.errorCode()).as(q).isNotBlank();
        }
        assertThat(http.withToken("GET", "/_roma_local/audit", "garbage", null).status()).isEqualTo(401);
    }

    @Test
    void eventsOlderThanTheRetentionAreDeleted() {
        http.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/old-1", adminToken, "{}");
        assertThat(events("?limit=1000").get("events").toString()).contains("old-1");
        clock.advance(Settings.DEFAULT_AUDIT_RETENTION.plus(Duration.ofHours(1)));
        adminToken = http.adminToken();
        http.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/new-1", adminToken, "{}");
        String after = events("?limit=1000").get("events").toString();
        assertThat(after).contains("new-1").doesNotContain("old-1");
    }
}
