package dev.romalocal.iam;

import dev.romalocal.config.Settings;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;
import dev.romalocal.testing.TempDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin password's background step, which the server starts a little after it listens: a node closed before then
 * drops it (the stored hash stays as it was, and the next start applies it), one that logs in first runs it at once.
 */
class PasswordStepTest {
    private static final Settings.Identity ID = Settings.defaults().identity();

    private Path dir;
    private Database db;
    private SecretSealer sealer;

    @BeforeEach
    void store() throws Exception {
        dir = Files.createTempDirectory("password-step-");
        db = Database.open(dir, "jdbc:h2:mem:password-step-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "", 2);
        byte[] master = new byte[32];
        new java.security.SecureRandom().nextBytes(master);
        sealer = new SecretSealer(master);
    }

    @AfterEach
    void close() {
        db.close();
        TempDirs.delete(dir);
    }

    private IamService node() {
        ChangeFeed feed = ChangeFeed.local();
        return new IamService(new IamStore(db.jdbi(), feed), new GrantStore(db.jdbi(), feed), sealer,
                Clock.systemUTC(), Duration.ofHours(1));
    }

    /** Whether the store holds the configured admin password's hash for that user. */
    private boolean applied(IamService.BuiltIn builtIn) {
        String stored = new IamStore(db.jdbi(), ChangeFeed.local()).user(builtIn.userId()).orElseThrow().passwordHash();
        return PasswordHasher.verify(ID.adminPassword(), stored);
    }

    @Test
    void closedBeforeItStartsTheStepIsDroppedAndTheNextStartAppliesIt() {
        IamService first = node();
        IamService.BuiltIn builtIn = first.bootstrap(ID);
        first.settlePasswordStep();
        assertThat(applied(builtIn)).as("not hashed by a node closed before its step started").isFalse();
        assertThatThrownBy(first::awaitPasswordApplied).as("a late waiter is told, not left waiting")
                .isInstanceOf(CompletionException.class).hasRootCauseMessage(
                        "the server closed before the admin password was applied");

        IamService second = node();
        assertThat(second.bootstrap(ID).userId()).isEqualTo(builtIn.userId());
        second.awaitPasswordApplied();
        assertThat(applied(builtIn)).isTrue();
        second.settlePasswordStep();   // already applied: returns at once
    }

    @Test
    void aStepUnderWayIsWaitedForAtClose() {
        IamService node = node();
        IamService.BuiltIn builtIn = node.bootstrap(ID);
        node.applyPasswordInBackground();
        node.settlePasswordStep();
        assertThat(applied(builtIn)).isTrue();
    }
}
