package dev.romalocal.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.contract.ServerFixture;
import dev.romalocal.instance.Instance;
import dev.romalocal.json.Json;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots taken while creates run (and the clock moves them through their steps) are consistent: every
 * instance's status is where its history ends, every operation in progress belongs to an instance, and every
 * address belongs to one.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SnapshotConsistencyTest extends ServerFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int CREATORS = 3;
    static final int EACH = 12;

    @Test
    void aSnapshotTakenWhileCreatesRunIsConsistent() throws Exception {
        pauseClock();
        ExecutorService pool = Executors.newFixedThreadPool(CREATORS + 1);
        AtomicBoolean creating = new AtomicBoolean(true);
        List<byte[]> snapshots = new ArrayList<>();
        try {
            List<Future<?>> creators = new ArrayList<>();
            for (int t = 0; t < CREATORS; t++) {
                int n = t;
                creators.add(pool.submit(() -> {
                    for (int i = 0; i < EACH; i++) {
                        http.createV1(adminToken, "consistent-" + n + "-" + i, "subnet-consistent", null);
                    }
                    return null;
                }));
            }
            Future<?> clock = pool.submit(() -> {
                while (creating.get()) {
                    advance(0.5);
                }
                return null;
            });
            while (creators.stream().anyMatch(f -> !f.isDone())) {
                snapshots.add(expect(admin("GET", "/_roma_local/snapshot", null), 200).raw().body());
            }
            for (Future<?> f : creators) {
                f.get();
            }
            creating.set(false);
            clock.get();
            snapshots.add(expect(admin("GET", "/_roma_local/snapshot", null), 200).raw().body());
        } finally {
            creating.set(false);
            pool.shutdownNow();
        }
        assertThat(snapshots.size()).as("snapshots taken while creates ran").isGreaterThan(1);
        int checked = 0;
        boolean sawBusy = false;
        for (byte[] s : snapshots) {
            JsonNode tables = JSON.readTree(s).get("tables");
            Map<String, String> lastStatus = new HashMap<>();
            tables.get("instance_events").forEach(e -> lastStatus.put(e.get("instance_id").asText(),
                    e.get("to_status").isNull() ? null : e.get("to_status").asText()));
            Set<String> ids = new HashSet<>();
            for (JsonNode row : tables.get("instances")) {
                Instance i = Json.fromStorage(row.get("doc").asText(), Instance.class);
                ids.add(i.id());
                assertThat(lastStatus).as("history of %s", i.id()).containsKey(i.id());
                assertThat(lastStatus.get(i.id())).as("status of %s against its history", i.id())
                        .isEqualTo(i.status().wire());
                checked++;
            }
            for (JsonNode task : tables.get("tasks")) {
                assertThat(ids).as("the instance of an operation in progress").contains(task.get("instance_id")
                        .asText());
                sawBusy = true;
            }
            for (JsonNode ip : tables.get("ip_allocations")) {
                assertThat(ids).as("the instance of an address").contains(ip.get("instance_id").asText());
            }
        }
        assertThat(sawBusy).as("some snapshot caught operations in progress").isTrue();
        assertThat(checked).isGreaterThan(CREATORS * EACH);
        JsonNode last = JSON.readTree(snapshots.get(snapshots.size() - 1)).get("tables");
        assertThat(last.get("instances").size()).isEqualTo(CREATORS * EACH);

        // The last snapshot imported again: nothing changes.
        Http.Response r = expect(http.signed("PUT", "/_roma_local/snapshot",
                new String(snapshots.get(snapshots.size() - 1), java.nio.charset.StandardCharsets.UTF_8)), 200);
        assertThat(r.json().get("instances").asInt()).isEqualTo(CREATORS * EACH);
        adminToken = http.adminToken();
        assertThat(expect(get("/v2/" + PROJECT + "/instances?limit=100"), 200).json().get("total").asInt())
                .isEqualTo(CREATORS * EACH);
    }
}
