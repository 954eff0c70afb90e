package dev.romalocal.contract;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /_roma_local/seed} is all or nothing: a conflict in its last document leaves the store as it was. */
@ParameterizedClass
@EnumSource(Backend.class)
class SeedAtomicityTest extends ServerFixture {
    static final String OTHER_PROJECT = "atomicity-other-project";
    static final int DOCS = 1_200;

    private static String seed(String lastProject, String lastId) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < DOCS - 1; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"project_id\":\"").append(PROJECT).append("\",\"id\":\"atomic-")
                    .append(i).append("\",\"instance_name\":\"atomic-").append(i).append("\"}");
        }
        return sb.append(",{\"project_id\":\"").append(lastProject).append("\",\"id\":\"").append(lastId)
                .append("\",\"instance_name\":\"last\"}]").toString();
    }

    private int total(String project) {
        return expect(get("/v2/" + project + "/instances"), 200).json().get("total").asInt();
    }

    @Test
    void aConflictInTheLastDocumentWritesNothing() {
        upsertOk("atomic-taken", "{\"instance_name\":\"taken-before\"}");
        assertThat(total(PROJECT)).isEqualTo(1);

        // The last document uses an id another project already has.
        Http.Response r = admin("POST", "/_roma_local/seed", seed(OTHER_PROJECT, "atomic-taken"));
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("ROMALOCAL.4091");
        assertThat(total(PROJECT)).as("none of the 1,199 earlier documents was written").isEqualTo(1);
        assertThat(get("/v2/" + PROJECT + "/apic/instances/atomic-0").status()).isEqualTo(404);
        assertThat(get("/v2/" + PROJECT + "/apic/instances/atomic-1198").status()).isEqualTo(404);
        assertThat(get("/v2/" + PROJECT + "/apic/instances/atomic-taken").json().get("instance_name").asText())
                .isEqualTo("taken-before");

        // The last document clashes with one earlier in the same list (same id, other project).
        r = admin("POST", "/_roma_local/seed", seed(OTHER_PROJECT, "atomic-5"));
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(total(PROJECT)).isEqualTo(1);
        assertThat(get("/v2/" + PROJECT + "/apic/instances/atomic-5").status()).isEqualTo(404);

        // Nothing was half-allocated either: the same list without the conflict applies in full.
        r = admin("POST", "/_roma_local/seed", seed(PROJECT, "atomic-last"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("seeded_instances").asInt()).isEqualTo(DOCS);
        assertThat(total(PROJECT)).isEqualTo(DOCS + 1);
    }
}
