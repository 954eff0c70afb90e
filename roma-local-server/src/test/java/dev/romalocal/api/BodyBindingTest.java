package dev.romalocal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.Bind;
import dev.romalocal.json.Schema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated from the body schemas (so from the records): for every field of every route's body, at any depth, a
 * value of the wrong JSON type is refused naming that field's path; a field the schema does not allow is refused
 * naming it. Ties what the OpenAPI document says to what the binder does.
 */
class BodyBindingTest {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    record Case(String route, String path, JsonNode body) {
    }

    @Test
    void everyFieldRefusesTheWrongTypeByItsPath() {
        List<String> wrong = new ArrayList<>();
        int n = 0;
        for (Route r : OperationTableTest.routes()) {
            if (r.bodyType() == null) {
                continue;
            }
            Class<?> type = r.bodyType().isArray() ? r.bodyType().getComponentType() : r.bodyType();
            JsonNode schema = new ObjectMapper().valueToTree(Schema.of(type));
            List<Case> cases = new ArrayList<>();
            cases(r.operation(), schema, "", body -> body, cases);
            for (Case c : cases) {
                n++;
                String got;
                try {
                    Bind.body(c.body(), type.asSubclass(Record.class));
                    got = "accepted";
                } catch (InvalidParameterException x) {
                    got = x.parameter() + ": " + x.reason();
                    if (x.parameter().equals(c.path())) {
                        continue;
                    }
                }
                wrong.add(c.route() + " " + c.body() + " -> " + got + " (expected " + c.path() + ")");
            }
        }
        assertThat(n).isGreaterThan(100);
        assertThat(wrong).isEmpty();
    }

    @Test
    void controlBodiesKeepTheirRules() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertThat(Bind.body(m.readTree("{\"seconds\": 1.5}"), ControlEndpoints.ClockAdvance.class).seconds())
                .isEqualTo(1.5);
        for (String bad : List.of("{\"seconds\": -1}", "{\"seconds\": 1e12}", "{\"seconds\": 1e400}", "{}")) {
            try {
                Bind.body(m.readTree(bad), ControlEndpoints.ClockAdvance.class);
                throw new AssertionError("accepted " + bad);
            } catch (InvalidParameterException e) {
                assertThat(e.parameter()).as(bad).isEqualTo("seconds");
            }
        }
        assertThat(Bind.body(m.readTree("{\"operation\": \"create\", \"effect\": \"TIMEOUT\"}"),
                dev.romalocal.lifecycle.LifecycleService.FaultRequest.class).effect()).isEqualTo("timeout");
        assertThat(Bind.body(m.readTree("{\"path\": \"/x\", \"error_code\": \"E\", \"method\": \"get\"}"),
                RequestFaults.FaultRequest.class).method()).isEqualTo("GET");
    }

    /** Wraps a field's object into the body around it. */
    interface Wrap {
        JsonNode around(ObjectNode inner);
    }

    private static void cases(String route, JsonNode object, String prefix, Wrap wrap, List<Case> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String path = prefix + f.getKey();
            JsonNode s = f.getValue();
            String type = s.path("type").asText();
            out.add(new Case(route, path, wrap.around(F.objectNode().set(f.getKey(), wrongFor(type)))));
            if (type.equals("object")) {
                cases(route, s, path + ".", inner -> wrap.around(F.objectNode().set(f.getKey(), inner)), out);
            } else if (type.equals("array") && s.path("items").path("type").asText().equals("object")) {
                cases(route, s.path("items"), path + "[0].", inner -> {
                    ArrayNode a = F.arrayNode().add(inner);
                    return wrap.around(F.objectNode().set(f.getKey(), a));
                }, out);
            }
        }
        if (!object.path("additionalProperties").asBoolean(true)) {
            out.add(new Case(route, prefix + "zz_unknown", wrap.around(F.objectNode().put("zz_unknown", 1))));
        }
    }

    private static JsonNode wrongFor(String type) {
        return switch (type) {
            case "string" -> F.numberNode(7);
            case "integer", "number" -> F.textNode("7");
            case "boolean" -> F.textNode("yes");
            case "array" -> F.objectNode();
            default -> F.arrayNode();
        };
    }
}
