package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /}: a small index without credentials, whose links work. */
class IndexTest extends ServerFixture {
    @Override
    protected Backend backend() {
        return Backend.H2; // no store is touched
    }

    @Test
    void theIndexNamesTheServerAndWhereToGo() {
        Http.Response r = http.send("GET", "/", Map.of(), null);
        expect(r, 200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("X-Request-Id")).hasSize(32);
        JsonNode index = r.json();
        assertThat(index.get("name").asText()).isEqualTo("ROMA Local");
        assertThat(index.get("version").asText()).isNotBlank();
        JsonNode endpoints = index.get("endpoints");
        assertThat(endpoints.get("openapi").asText()).isEqualTo("/_roma_local/openapi.json");
        assertThat(endpoints.get("health").asText()).isEqualTo("/_roma_local/health");
        assertThat(endpoints.get("metrics").asText()).isEqualTo("/_roma_local/metrics");
        assertThat(endpoints.get("console").asText()).isEqualTo("/_roma_local/console");
        for (String open : new String[] {"openapi", "health", "metrics"}) {
            assertThat(http.send("GET", endpoints.get(open).asText(), Map.of(), null).status()).as(open)
                    .isEqualTo(200);
        }
        assertThat(index.get("apis").toString()).contains("/v2/{project_id}", "/v3");
        // Every API base path is a prefix of some route in the OpenAPI document.
        JsonNode paths = http.send("GET", "/_roma_local/openapi.json", Map.of(), null).json().get("paths");
        for (JsonNode api : index.get("apis")) {
            for (JsonNode base : api.get("base_paths")) {
                assertThat(paths.fieldNames()).toIterable().as(base.asText())
                        .anyMatch(p -> p.startsWith(base.asText() + "/"));
            }
        }
        assertThat(http.send("POST", "/", Map.of(), null).status()).isEqualTo(405);
    }
}
