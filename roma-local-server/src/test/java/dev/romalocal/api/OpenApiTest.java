package dev.romalocal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document: every route, and every body's schema generated from the record it binds to. */
class OpenApiTest {
    static final List<Route> ROUTES = OperationTableTest.routes();

    static JsonNode document() throws IOException {
        return new ObjectMapper().readTree(OpenApi.document(ROUTES));
    }

    static JsonNode operation(JsonNode doc, Route r) {
        return doc.path("paths").path(r.path()).path(r.method().name().toLowerCase(Locale.ROOT));
    }

    @Test
    void everyRouteIsInTheDocument() throws IOException {
        JsonNode doc = document();
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        for (Route r : ROUTES) {
            JsonNode op = operation(doc, r);
            assertThat(op.path("operationId").asText()).as("%s %s", r.method(), r.path()).isEqualTo(r.operation());
            assertThat(op.path("responses").has(String.valueOf(r.successStatus()))).isTrue();
        }
    }

    @Test
    void everyRouteWithABodyHasItsSchema() throws IOException {
        JsonNode doc = document();
        List<String> missing = new ArrayList<>();
        for (Route r : ROUTES) {
            JsonNode body = operation(doc, r).path("requestBody");
            if (r.bodyLimit() == 0) {
                assertThat(r.bodyType()).as("%s takes no body", r.operation()).isNull();
                assertThat(body.isMissingNode()).as("%s takes no body", r.operation()).isTrue();
                continue;
            }
            assertThat(r.bodyType()).as("%s declares its body", r.operation()).isNotNull();
            JsonNode schema = body.path("content").path("application/json").path("schema");
            JsonNode shape = schema.path("type").asText().equals("array") ? schema.path("items") : schema;
            Class<?> type = r.bodyType().isArray() ? r.bodyType().getComponentType() : r.bodyType();
            assertThat(type.isRecord()).as("%s binds its body to a record", r.operation()).isTrue();
            if (!shape.path("properties").isObject()) {
                missing.add(r.operation());
            }
        }
        assertThat(missing).as("routes whose body has no schema").isEmpty();
    }

    @Test
    void schemasSayWhatTheConstraintsSay() throws IOException {
        JsonNode doc = document();
        JsonNode v3 = body(doc, "CreateRomaInstanceV3");
        assertThat(v3.path("required").toString()).contains("\"name\"", "\"rcu\"", "\"cpu_arch\"", "\"vpc_id\"");
        assertThat(v3.path("additionalProperties").asBoolean()).as("the create bodies ignore unknown fields").isTrue();
        assertThat(v3.at("/properties/cpu_arch/enum").toString()).isEqualTo("[\"x86_64\",\"aarch64\"]");
        assertThat(v3.at("/properties/rcu/properties/total/minimum").asInt()).isEqualTo(1);
        assertThat(v3.at("/properties/rcu/properties/total/maximum").asInt()).isEqualTo(10_000);
        assertThat(v3.at("/properties/available_zone_ids/type").asText()).isEqualTo("array");
        assertThat(v3.at("/properties/available_zone_ids/minItems").asInt()).isEqualTo(1);
        assertThat(v3.at("/properties/available_zone_ids/items/pattern").asText()).isNotBlank();

        JsonNode doc1 = body(doc, "UpsertInstance");
        assertThat(doc1.path("additionalProperties").asBoolean()).as("documents refuse unknown fields").isFalse();
        assertThat(doc1.has("required")).isFalse();
        JsonNode port = doc1.at("/properties/listeners/items/properties/port");
        assertThat(port.path("type").asText()).isEqualTo("integer");
        assertThat(port.path("maximum").asInt()).isEqualTo(65535);
        assertThat(doc1.at("/properties/listeners/items/properties/ip_version/enum").toString()).isEqualTo("[4,6]");
        assertThat(doc1.at("/properties/create_time/format").asText()).isEqualTo("int64");
        assertThat(doc1.at("/properties/eip_address/description").asText()).isEqualTo("must be an IPv4 address");
        assertThat(doc1.at("/properties/node_ips/properties/livedata/items/pattern").asText()).isNotBlank();

        JsonNode seed = operation(doc, route("Seed")).at("/requestBody/content/application~1json/schema");
        assertThat(seed.path("type").asText()).isEqualTo("array");
        assertThat(seed.at("/items/properties/instance_name/type").asText()).isEqualTo("string");

        JsonNode fault = body(doc, "AddStepFault");
        assertThat(fault.at("/properties/project_id/maxLength").asInt()).isEqualTo(128);
        assertThat(fault.at("/properties/effect/enum").toString()).isEqualTo("[\"fail\",\"timeout\"]");
        assertThat(body(doc, "AdvanceClock").at("/properties/seconds/type").asText()).isEqualTo("number");
    }

    private static Route route(String operation) {
        return ROUTES.stream().filter(r -> r.operation().equals(operation)).findFirst().orElseThrow();
    }

    private static JsonNode body(JsonNode doc, String operation) {
        return operation(doc, route(operation)).at("/requestBody/content/application~1json/schema");
    }
}
