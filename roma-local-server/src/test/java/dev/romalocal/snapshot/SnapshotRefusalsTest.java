package dev.romalocal.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.romalocal.contract.ServerFixture;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad snapshot documents, generated from a real export: for every column of every carried table a value of the
 * wrong type, plus unknown tables and columns, broken keys and references, wrong headers and broken JSON. Each is
 * refused with a 400 that says where, and the store is exactly as it was.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SnapshotRefusalsTest extends ServerFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    record Case(String what, String body, String mentions) {
    }

    @Test
    void everyBadDocumentIsRefusedAndChangesNothing() throws Exception {
        pauseClock();
        http.createV1(adminToken, "refusals", "subnet-refusals", null);
        expect(admin("POST", "/_roma_local/faults", "{\"operation\":\"create\",\"effect\":\"fail\"}"), 201);
        byte[] before = expect(http.signed("GET", "/_roma_local/snapshot", null), 200).raw().body();
        ObjectNode good = (ObjectNode) JSON.readTree(before);

        List<Case> cases = new ArrayList<>();
        Iterator<String> tables = good.get("tables").fieldNames();
        int columns = 0;
        while (tables.hasNext()) {
            String table = tables.next();
            JsonNode rows = good.get("tables").get(table);
            if (rows.isEmpty()) {
                continue;
            }
            Iterator<String> names = rows.get(0).fieldNames();
            while (names.hasNext()) {
                String column = names.next();
                JsonNode v = rows.get(0).get(column);
                if (v.isNull()) {
                    continue;   // a null column may be nullable: any value of its type would be accepted
                }
                JsonNode wrong = v.isTextual() ? IntNode.valueOf(7) : TextNode.valueOf("not-a-" + v.getNodeType());
                cases.add(mutate(good, table + "." + column + " of the wrong type", "tables." + table + "[0]",
                        d -> ((ObjectNode) d.get("tables").get(table).get(0)).set(column, wrong)));
                columns++;
            }
            cases.add(mutate(good, table + " with an unknown column", "tables." + table + "[0].no_such_column",
                    d -> ((ObjectNode) d.get("tables").get(table).get(0)).put("no_such_column", 1)));
            if (!table.equals("instance_events")) {    // history rows have no key of their own
                cases.add(mutate(good, table + " with a row twice", "SQLState 23505", d -> ((ArrayNode) d.get("tables")
                        .get(table)).add(d.get("tables").get(table).get(0).deepCopy())));
            }
            cases.add(mutate(good, table + " with a row that is not an object", "tables." + table + "[1]",
                    d -> ((ArrayNode) d.get("tables").get(table)).insert(1, 5)));
        }
        assertThat(columns).as("columns covered").isGreaterThan(60);
        cases.add(mutate(good, "an unknown table", "tables.tokens", d -> ((ObjectNode) d.get("tables"))
                .putArray("tokens")));
        cases.add(mutate(good, "a membership of no user", "refers to one that does not exist", d ->
                ((ObjectNode) d.get("tables").get("group_members").get(0)).put("user_id", "nobody")));
        cases.add(mutate(good, "a name too long", "SQLState 22001", d ->
                ((ObjectNode) d.get("tables").get("domains").get(0)).put("name", "x".repeat(65))));
        cases.add(mutate(good, "an instance document about another instance", "tables.instances[0].doc", d ->
                ((ObjectNode) d.get("tables").get("instances").get(0)).put("id", "someone-else")));
        cases.add(mutate(good, "an instance document that is not one", "tables.instances[0].doc", d ->
                ((ObjectNode) d.get("tables").get("instances").get(0)).put("doc", "[1,2]")));
        cases.add(mutate(good, "no administrator", "tables.users", d ->
                d.get("tables").get("users").forEach(u -> ((ObjectNode) u).put("admin", false))));
        cases.add(mutate(good, "another format", "format", d -> d.put("format", "something-else")));
        cases.add(mutate(good, "a later version", "version", d -> d.put("version", 2)));
        cases.add(mutate(good, "no clock", "clock", d -> d.remove("clock")));
        cases.add(mutate(good, "a clock of the wrong shape", "clock", d -> ((ObjectNode) d.get("clock"))
                .put("offset_ms", "soon")));
        cases.add(mutate(good, "no tables", "tables", d -> d.remove("tables")));
        cases.add(mutate(good, "an access key without its secret", "secret_key", d ->
                ((ObjectNode) d.get("tables").get("access_keys").get(0)).remove("secret_key")));
        String whole = good.toString();
        cases.add(new Case("a truncated document", whole.substring(0, whole.length() / 2), "body"));
        cases.add(new Case("a list", "[" + whole + "]", "body"));
        cases.add(new Case("an empty object", "{}", "format"));

        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Http.Response r = http.signed("PUT", "/_roma_local/snapshot", c.body());
            if (r.status() != 400 || !r.text().contains(c.mentions()) || !r.json().has("error_code")) {
                wrong.add(c.what() + ": " + r.status() + " " + r.text() + " (expected 400 naming " + c.mentions()
                        + ")");
            }
        }
        assertThat(wrong).isEmpty();

        byte[] after = expect(http.signed("GET", "/_roma_local/snapshot", null), 200).raw().body();
        assertThat(JSON.readTree(after).get("tables")).isEqualTo(good.get("tables"));
        assertThat(JSON.readTree(after).get("clock")).isEqualTo(good.get("clock"));
        assertThat(get("/_roma_local/clock").status()).as("tokens survive a refused import").isEqualTo(200);
    }

    private static Case mutate(ObjectNode good, String what, String mentions, Consumer<ObjectNode> change) {
        ObjectNode d = good.deepCopy();
        change.accept(d);
        return new Case(what, d.toString(), mentions);
    }
}
