package dev.romalocal.iam;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.TempDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes starting together on an empty PostgreSQL schema all start: the identity bootstrap races on the same unique
 * keys, and the losers run it again instead of failing.
 */
class ConcurrentBootstrapTest {
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private static Settings node(Settings base, Path dataDir) {
        Settings.Store s = base.store();
        return base.withStore(new Settings.Store(dataDir, s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword(), 4,
                MASTER_KEY, s.cacheMegabytes()));
    }

    @Test
    void twoNodesStartingTogetherOnAnEmptySchemaBothStart() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (Backend.Store store = Backend.POSTGRES.fresh()) {
                Path other = Files.createTempDirectory("roma-local-node-b-");
                ExecutorService pool = Executors.newFixedThreadPool(2);
                List<RomaLocal> nodes = new ArrayList<>();
                try {
                    CyclicBarrier together = new CyclicBarrier(2);
                    List<CompletableFuture<RomaLocal>> starts = new ArrayList<>();
                    for (Path dir : List.of(store.dataDir(), other)) {
                        starts.add(CompletableFuture.supplyAsync(() -> {
                            try {
                                together.await(30, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            return RomaLocal.start(node(store.settings(), dir));
                        }, pool));
                    }
                    List<Throwable> failures = new ArrayList<>();
                    for (CompletableFuture<RomaLocal> f : starts) {
                        try {
                            nodes.add(f.get(120, TimeUnit.SECONDS));
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }
                    assertThat(failures).as("round %d", round).isEmpty();
                    assertThat(nodes.get(0).identity()).isEqualTo(nodes.get(1).identity());
                    Http a = new Http(nodes.get(0).endpoint());
                    Http b = new Http(nodes.get(1).endpoint());
                    String token = a.adminToken();
                    assertThat(b.withToken("GET", "/v2/" + Settings.DEFAULT_PROJECT_ID + "/instances", token, null)
                            .status()).isEqualTo(200);
                    assertThat(b.signed("GET", "/v2/" + Settings.DEFAULT_PROJECT_ID + "/instances", null).status())
                            .isEqualTo(200);
                    assertThat(a.signed("GET", "/v2/" + Settings.DEFAULT_PROJECT_ID + "/instances", null).status())
                            .isEqualTo(200);
                } finally {
                    nodes.forEach(RomaLocal::close);
                    pool.shutdownNow();
                    TempDirs.delete(other);
                }
            }
        }
    }
}
