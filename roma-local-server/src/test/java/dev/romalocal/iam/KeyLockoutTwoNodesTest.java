package dev.romalocal.iam;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.IdentityRows;
import dev.romalocal.testing.MutableClock;
import dev.romalocal.testing.Signer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.romalocal.testing.Eventually.eventuallyContains;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key lockout on two nodes sharing one PostgreSQL schema (and one clock): failures are counted in the store, so
 * failures on both nodes add up; the lock reaches the other node's cached key through the change feed; a good
 * signature on either node starts the count again; both unlock when the five minutes are over.
 */
class KeyLockoutTwoNodesTest {
    private static final String PATH = "/v2/" + Settings.DEFAULT_PROJECT_ID + "/instances";
    private static final String KEY = "TWONODESLOCKOUTKEY01";
    private static final String SECRET = "two-nodes-lockout-secret-000000000000000";

    @Test
    void failuresOnBothNodesAddUpAndTheLockHoldsOnBoth() {
        MutableClock clock = MutableClock.systemNow();
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            Settings s = store.settings();
            s = Backend.severalNodes(s);
            try (RomaLocal a = RomaLocal.start(s, clock); RomaLocal b = RomaLocal.start(s, clock);
                 IdentityRows rows = IdentityRows.of(s)) {
                rows.insertKey(a.identity().userId(), KEY, SECRET, true);
                Http httpA = new Http(a.endpoint());
                Http httpB = new Http(b.endpoint());
                Signer good = Signer.of(clock).key(KEY, SECRET);
                Signer bad = Signer.of(clock).key(KEY, "not-the-secret");
                // Both nodes cache the key.
                assertThat(good.send(httpA, "GET", PATH, null).status()).isEqualTo(200);
                assertThat(good.send(httpB, "GET", PATH, null).status()).isEqualTo(200);

                for (int i = 0; i < 3; i++) {
                    assertThat(bad.send(httpA, "GET", PATH, null).status()).isEqualTo(401);
                    assertThat(bad.send(httpB, "GET", PATH, null).status()).isEqualTo(401);
                }
                long until = rows.failuresAndLock(KEY)[1];
                assertThat(until).as("six failures across the nodes lock the key").isEqualTo(clock.millis() + 300_000);
                eventuallyContains(() -> good.send(httpA, "GET", PATH, null).text(), "reach the limit,forbidden");
                eventuallyContains(() -> good.send(httpB, "GET", PATH, null).text(), "reach the limit,forbidden");

                clock.advance(Duration.ofMinutes(5));
                assertThat(good.send(httpA, "GET", PATH, null).status()).isEqualTo(200);
                assertThat(good.send(httpB, "GET", PATH, null).status()).isEqualTo(200);

                // Five failures on A, then a good signature on B (once B has heard of them) starts the count again.
                for (int i = 0; i < 5; i++) {
                    assertThat(bad.send(httpA, "GET", PATH, null).status()).isEqualTo(401);
                }
                eventuallyContains(() -> {
                    assertThat(good.send(httpB, "GET", PATH, null).status()).isEqualTo(200);
                    return String.valueOf(rows.failuresAndLock(KEY)[0]);
                }, "0");
                for (int i = 0; i < 5; i++) {
                    assertThat(bad.send(httpA, "GET", PATH, null).status()).isEqualTo(401);
                }
                assertThat(good.send(httpA, "GET", PATH, null).status()).as("five failures do not lock")
                        .isEqualTo(200);
            }
        }
    }
}
