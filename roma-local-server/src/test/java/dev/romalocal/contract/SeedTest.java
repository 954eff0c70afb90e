package dev.romalocal.contract;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.instance.Seeder;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --seed FILE}: YAML or JSON lists of instance documents, applied at start and again on reset; on each store. */
@ParameterizedClass
@EnumSource(Backend.class)
class SeedTest {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;

    @Parameter
    Backend backend;

    @Test
    void aYamlSeedIsAppliedAtStartAndOnReset() throws IOException {
        try (Backend.Store store = backend.fresh()) {
            Path seed = store.dataDir().resolve("seed.yaml");
            Files.writeString(seed, """
                    - project_id: %s
                      id: seeded-1
                      instance_name: seeded-one
                      status: Frozen
                    - project_id: %s
                      id: seeded-2
                      spec: ROMA_BASIC
                      available_zone_ids: [az-a, az-b]
                    """.formatted(PROJECT, PROJECT));
            try (RomaLocal server = RomaLocal.start(store.settings().withSeedFile(seed))) {
                Http http = new Http(server.endpoint());
                String token = http.adminToken();
                Http.Response one = http.withToken("GET", "/v2/" + PROJECT + "/apic/instances/seeded-1", token, null);
                assertThat(one.json().get("status").asText()).isEqualTo("Frozen");
                assertThat(one.json().get("instance_status").asInt()).isEqualTo(37);
                Http.Response two = http.withToken("GET", "/v2/" + PROJECT + "/apic/instances/seeded-2", token, null);
                assertThat(two.json().get("available_zone_ids").asText()).isEqualTo("[az-a, az-b]");
                http.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/extra", token, "{}");
                Http.Response reset = http.withToken("POST", "/_roma_local/reset", token, null);
                assertThat(reset.json().get("deleted_instances").asInt()).isEqualTo(3);
                assertThat(reset.json().get("seeded_instances").asInt()).isEqualTo(2);
                assertThat(http.withToken("GET", "/v2/" + PROJECT + "/instances", token, null).json()
                        .get("total").asInt()).isEqualTo(2);
            }
        }
    }

    @Test
    void aBadSeedSaysWhichEntryAndWhy() throws IOException {
        try (Backend.Store store = backend.fresh()) {
            Path seed = store.dataDir().resolve("seed.json");
            Files.writeString(seed, "[{\"project_id\":\"" + PROJECT + "\",\"id\":\"ok-1\"},"
                    + "{\"project_id\":\"" + PROJECT + "\",\"id\":\"bad-1\",\"instance_status\":99}]");
            assertThatThrownBy(() -> RomaLocal.start(store.settings().withSeedFile(seed)))
                    .isInstanceOf(Seeder.SeedException.class)
                    .hasMessageContaining("entry[1]").hasMessageContaining("instance_status");
            Files.writeString(seed, "{\"not\":\"a list\"}");
            assertThatThrownBy(() -> RomaLocal.start(store.settings().withSeedFile(seed)))
                    .isInstanceOf(Seeder.SeedException.class).hasMessageContaining("must be a list");
        }
    }
}
