package dev.romalocal.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.contract.ServerFixture;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two accounts: 1,000 generated attempts by account B — token and AK/SK, in A's project, in B's and in made-up ones,
 * with A's real instance ids and guessed ones, on every instance route and on the server-wide control routes —
 * answer 403 or 404 (an upsert into B's own project under an id A uses: 409), never show A's data, and leave A's
 * instances exactly as they were. What B does with its own ids in its own project is its own business.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AccountIsolationTest extends ServerFixture {
    static final long SEED = Long.getLong("roma.isolation.seed", 20261201L);
    static final int ATTEMPTS = 1_000;

    record Op(String method, String path, String body) {
    }

    @Test
    void anotherAccountCanNeitherSeeNorTouchTheFirstOnesInstances() {
        List<String> aIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "iso-a-" + i;
            Http.Response r = http.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/" + id,
                    adminToken, "{\"instance_name\":\"secret-of-a-" + i + "\",\"description\":\"private-a\","
                            + "\"tags\":[\"secret-of-a-tag\"],\"features\":[{\"name\":\"cors\",\"enable\":true,"
                            + "\"config\":\"private-a-config\"}]}");
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            aIds.add(id);
        }
        Map<String, String> before = snapshot(aIds);

        Http.Response created = http.withToken("POST", "/_roma_local/accounts", adminToken,
                "{\"name\":\"tenant-b\",\"password\":\"Tenant-B-passw0rd!\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode b = created.json();
        String bProject = b.get("project_id").asText();
        String bAk = b.get("access_key").asText();
        String bSk = b.get("secret_key").asText();
        String bToken = http.token(b.get("domain_name").asText(), b.get("user_name").asText(), "Tenant-B-passw0rd!",
                "{\"project\":{\"id\":\"" + bProject + "\"}}");
        assertThat(bProject).isNotEqualTo(PROJECT);

        Random r = new Random(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int n = 0; n < ATTEMPTS; n++) {
            String project = switch (r.nextInt(3)) {
                case 0 -> PROJECT;
                case 1 -> bProject;
                default -> hex32(r);
            };
            String id = r.nextBoolean() ? aIds.get(r.nextInt(aIds.size())) : "iso-guess-" + r.nextInt(20);
            Op op = op(r, project, id);
            boolean signed = r.nextBoolean();
            Http.Response resp = signed
                    ? http.signed(op.method(), op.path(), r.nextInt(4) == 0 ? null : project, bAk, bSk, op.body(),
                    ZonedDateTime.now(ZoneOffset.UTC))
                    : http.withToken(op.method(), op.path(), bToken, op.body());
            String what = (signed ? "AK/SK " : "token ") + op.method() + " " + op.path() + " -> " + resp.status()
                    + " " + resp.text();
            assertThat(resp.text()).as(what).doesNotContain("secret-of-a").doesNotContain("private-a");
            boolean serverWide = op.path().startsWith("/_roma_local/") && !op.path().startsWith("/_roma_local/projects/");
            if (serverWide || !project.equals(bProject)) {
                // Server-wide control, A's project or a project nobody has: refused.
                assertThat(resp.status()).as(what).isIn(403, 404);
            } else if (aIds.contains(id) && !op.path().endsWith("/instances") && !op.path().contains("/instances?")) {
                // B's own project under an id A uses: not found there (an upsert: a conflict), A's row untouched.
                boolean upsert = op.method().equals("PUT") && op.path().startsWith("/_roma_local/projects/")
                        && !op.path().endsWith("/status");
                assertThat(resp.status()).as(what).isEqualTo(upsert ? 409 : 404);
            } else {
                // B's own project and ids: B administers its account, anything it does there is its own business.
                assertThat(resp.status()).as(what).isLessThan(500);
                assertThat(resp.text()).as(what).doesNotContain("iso-a-");
            }
            outcomes.merge(op.method() + " " + resp.status(), 1, Integer::sum);
        }
        System.out.println("AccountIsolationTest[" + backend + "]: seed " + SEED + ", outcomes " + outcomes);
        assertThat(snapshot(aIds)).as("account A's instances after the attempts").isEqualTo(before);
    }

    /** One generated operation against {@code project} and {@code id}. */
    static Op op(Random r, String project, String id) {
        String control = "/_roma_local/projects/" + project + "/instances/" + id;
        List<Op> ops = List.of(
                new Op("GET", "/v2/" + project + "/apic/instances/" + id, null),
                new Op("GET", "/v2/" + project + "/apic/instances/" + id + "/restriction", null),
                new Op("GET", "/v2/" + project + "/instances", null),
                new Op("GET", "/v2/" + project + "/instances?id=" + id, null),
                new Op("GET", "/v2/" + project + "/instances/" + id, null),
                new Op("GET", "/v2/" + project + "/instances/" + id + "/process", null),
                new Op("GET", "/v2/" + project + "/apic/instances/" + id + "/features", null),
                new Op("POST", "/v2/" + project + "/apic/instances/" + id + "/features",
                        "{\"name\":\"cors\",\"enable\":false,\"config\":\"taken-over\"}"),
                new Op("GET", "/v2/" + project + "/apic/instances/" + id + "/tags", null),
                new Op("GET", "/v2/" + project + "/apic/instances/" + id + "/livedata-quota", null),
                new Op("GET", "/v2/" + project + "/mqs/instances?include_internal=true", null),
                new Op("GET", "/v2/" + project + "/mqs/instances/" + id, null),
                new Op("GET", "/v3/" + project + "/roma/instances", null),
                new Op("PUT", "/v2/" + project + "/apic/instances/" + id, "{\"instance_name\":\"taken-over\"}"),
                new Op("DELETE", "/v1/" + project + "/roma/instances/" + id, null),
                new Op("PUT", control, "{\"instance_name\":\"taken-over\"}"),
                new Op("DELETE", control, null),
                new Op("POST", control + "/actions", "{\"action\":\"freeze\"}"),
                new Op("PUT", control + "/status", "{\"status\":\"Frozen\"}"),
                new Op("GET", control + "/events", null),
                new Op("POST", "/_roma_local/reset", null),
                new Op("POST", "/_roma_local/seed", "[]"),
                new Op("PUT", "/_roma_local/clock", "{\"paused\":true}"),
                new Op("POST", "/_roma_local/clock/advance", "{\"seconds\":3600}"),
                new Op("DELETE", "/_roma_local/faults", null));
        return ops.get(r.nextInt(ops.size()));
    }

    private Map<String, String> snapshot(List<String> ids) {
        Map<String, String> out = new HashMap<>();
        for (String id : ids) {
            Http.Response r = http.withToken("GET", "/v2/" + PROJECT + "/apic/instances/" + id, adminToken, null);
            assertThat(r.status()).isEqualTo(200);
            Http.Response features = http.withToken("GET", "/v2/" + PROJECT + "/apic/instances/" + id + "/features",
                    adminToken, null);
            assertThat(features.status()).isEqualTo(200);
            out.put(id, r.text() + features.text());
        }
        return out;
    }

    private static String hex32(Random r) {
        StringBuilder b = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }
}
