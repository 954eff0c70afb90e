package dev.romalocal.iam;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.TempDirs;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL database with different master keys: the secret key the second one sealed cannot be
 * unsealed by the first. The first answers a catalogue error naming the cause (500 {@code ROMALOCAL.5002}, the
 * server's misconfiguration, not the caller's) and logs it once, not a stack trace per request. (A single node
 * re-seals the configured secret under its own key at start, so on the embedded H2 store this cannot happen.)
 */
class MasterKeyMismatchTest {

    private static Settings withMasterKey(Settings base, Path dataDir, byte fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        Settings.Store s = base.store();
        return base.withStore(new Settings.Store(dataDir, s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword(), 4,
                Base64.getEncoder().encodeToString(key), s.cacheMegabytes()));
    }

    @Test
    void aSecretSealedUnderAnotherMasterKeyIsAClearErrorLoggedOnce() throws Exception {
        Logger authLog = (Logger) LoggerFactory.getLogger(Authenticator.class);
        Logger renderLog = (Logger) LoggerFactory.getLogger("dev.romalocal.api.ErrorRenderer");
        ListAppender<ILoggingEvent> auth = new ListAppender<>();
        ListAppender<ILoggingEvent> render = new ListAppender<>();
        auth.start();
        render.start();
        authLog.addAppender(auth);
        renderLog.addAppender(render);
        Path otherDir = Files.createTempDirectory("roma-local-node-b-");
        try (Backend.Store store = Backend.POSTGRES.fresh();
             RomaLocal a = RomaLocal.start(withMasterKey(store.settings(), store.dataDir(), (byte) 1));
             RomaLocal b = RomaLocal.start(withMasterKey(store.settings(), otherDir, (byte) 2))) {
            Http onA = new Http(a.endpoint());
            Http onB = new Http(b.endpoint());
            String path = "/v2/" + Settings.DEFAULT_PROJECT_ID + "/instances";
            assertThat(onB.signed("GET", path, null).status()).as("B sealed the key: B can use it").isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                Http.Response r = onA.signed("GET", path, null);
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.errorCode()).isEqualTo("ROMALOCAL.5002");
                assertThat(r.json().get("error_msg").asText()).contains("master key");
            }
            // Tokens do not depend on the sealed secret: A still serves them.
            assertThat(onA.withToken("GET", path, onA.adminToken(), null).status()).isEqualTo(200);

            List<ILoggingEvent> lines = auth.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("master key")).toList();
            assertThat(lines).hasSize(1);
            ILoggingEvent line = lines.get(0);
            assertThat(line.getThrowableProxy()).as("no stack trace").isNull();
            assertThat(line.getFormattedMessage()).contains(Settings.DEFAULT_ACCESS_KEY)
                    .doesNotContain(Settings.DEFAULT_SECRET_KEY).doesNotContain("v1:");
            assertThat(render.list).as("not rendered as an unexpected failure").isEmpty();
        } finally {
            authLog.detachAppender(auth);
            renderLog.detachAppender(render);
            TempDirs.delete(otherDir);
        }
    }
}
