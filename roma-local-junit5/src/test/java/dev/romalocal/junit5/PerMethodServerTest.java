package dev.romalocal.junit5;

import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.RomaLocalControlException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A new server for each test: each starts empty on its own port, and is stopped (its store gone) after it. */
class PerMethodServerTest {
    @RegisterExtension
    static final RomaLocalExtension ROMA = RomaLocalExtension.builder().perMethod().build();

    private static final List<RomaLocalServer> SERVERS = new CopyOnWriteArrayList<>();
    private RomaLocalServer injectedBeforeEach;

    @BeforeEach
    void before(RomaLocalServer server) {
        injectedBeforeEach = server;
    }

    @RepeatedTest(2)
    void eachTestHasAFreshServer(RomaLocalServer server, URI endpoint, RomaLocalControl control) {
        assertThat(server).isSameAs(injectedBeforeEach).isSameAs(ROMA.server());
        assertThat(server.endpoint()).isEqualTo(endpoint);
        assertThat(control.instance("mine-1")).as("a fresh store").isEmpty();
        control.upsertInstance("mine-1", Map.of("status", "Running"));
        for (RomaLocalServer earlier : SERVERS) {
            assertThat(earlier.isClosed()).as("the earlier test's server is stopped").isTrue();
            assertThat(earlier.endpoint()).isNotEqualTo(endpoint);
            assertThatThrownBy(earlier.control()::health).isInstanceOfSatisfying(RomaLocalControlException.class,
                    e -> assertThat(e.status()).as("nothing listens there any more").isZero());
        }
        SERVERS.add(server);
    }

    @AfterAll
    static void everyServerIsStopped() {
        assertThat(SERVERS).hasSize(2).allMatch(RomaLocalServer::isClosed);
    }
}
