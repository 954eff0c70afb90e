package dev.romalocal.contract;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations always end: a step the database refuses is retried with backoff (lifecycle time) and then lands in its
 * documented failed status with a history entry; a refused landing is retried, never dropped. The clock advance
 * answers only after every step it made due has run (many advances, each read at once). Fault fields and the
 * profile header are bounded (400, never 500). The database refuses a step through a trigger on
 * {@code instance_events} that reads the test table {@code refused_steps}; the clock is driven, never slept on.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class LifecycleHardeningTest extends ServerFixture {
    private static final String V1_BODY = "{\"name\":\"bounded\",\"description\":\"\",\"product_id\":"
            + "\"00300-30101-0--0\",\"available_zones\":[\"az1\"],\"vpc_id\":\"vpc-1\",\"subnet_id\":\"subnet-b\","
            + "\"security_group_id\":\"sg-1\",\"ipv6_enable\":false,\"enable_all\":true,\"mqs\":{},"
            + "\"cpu_architecture\":\"x86\"}";

    /** The store whose refusal trigger is installed (once per store; the server starts before this runs). */
    private Backend triggerOn;

    private void installRefusalTrigger() throws SQLException {
        if (triggerOn == backend()) {
            return;
        }
        triggerOn = backend();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE refused_steps (instance_id VARCHAR(64) NOT NULL, to_status VARCHAR(32) NOT NULL)");
            if (backend() == Backend.H2) {
                st.execute("CREATE TRIGGER refuse_step BEFORE INSERT ON instance_events FOR EACH ROW CALL '"
                        + RefuseStepTrigger.class.getName() + "'");
            } else {
                st.execute("""
                        CREATE FUNCTION refuse_step() RETURNS trigger AS $$
                        BEGIN
                            IF EXISTS (SELECT 1 FROM refused_steps r WHERE r.instance_id = NEW.instance_id
                                       AND r.to_status = NEW.to_status) THEN
                                RAISE EXCEPTION 'refused by the test';
                            END IF;
                            RETURN NEW;
                        END $$ LANGUAGE plpgsql""");
                st.execute("CREATE TRIGGER refuse_step BEFORE INSERT ON instance_events FOR EACH ROW "
                        + "EXECUTE FUNCTION refuse_step()");
            }
        }
    }

    @BeforeEach
    void cleanSlate() throws SQLException {
        installRefusalTrigger();
        expect(admin("POST", "/_roma_local/reset", null), 200);
        pauseClock();
        sql("DELETE FROM refused_steps");
    }

    /** A connection to the server's own store (same H2 file in this JVM, or the suite's PostgreSQL schema). */
    private Connection connect() throws SQLException {
        if (backend() == Backend.H2) {
            return DriverManager.getConnection(dev.romalocal.store.Database.h2FileUrl(
                    store.dataDir().resolve("roma-local")), "sa", "");
        }
        return DriverManager.getConnection(store.settings().store().jdbcUrl(), Backend.PG_USER, Backend.PG_PASSWORD);
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private void refuse(String instanceId, String toStatus) throws SQLException {
        sql("INSERT INTO refused_steps (instance_id, to_status) VALUES ('" + instanceId + "', '" + toStatus + "')");
    }

    /** The platform detail (it carries error_code and error_msg). */
    private JsonNode detail(String id) {
        return expect(get("/v2/" + PROJECT + "/instances/" + id), 200).json();
    }

    /** Advances the clock a second at a time until the instance leaves {@code status}; at most {@code seconds}. */
    private String advanceWhile(String id, String status, int seconds) {
        for (int s = 0; s < seconds && status.equals(status(id)); s++) {
            advance(1);
        }
        return status(id);
    }

    /** One column of one row of the server's store, read over a second connection (null: no row). */
    private String value(String query) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); var rs = st.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aChainOfDueStepsIsWrittenOnceWithAHistoryEntryPerStep() throws SQLException {
        // Inserted at version 1; with the instant profile every step is due at once (a worker may take them before
        // the clock is advanced).
        String id = http.createV1(adminToken, "chained", "subnet-chained", "instant");
        advance(0);
        assertThat(status(id)).isEqualTo("Running");
        // Five steps and the finish ran in one transaction: every status has its history entry, in order, each
        // stamped with the time it completed; the row was saved once over the version the chain locked, and the
        // operation's task row is gone.
        assertThat(http.history(adminToken, id)).containsExactly("Creating", "Initing", "Registering", "Installing",
                "Starting", "Running");
        assertThat(value("SELECT COUNT(DISTINCT at) FROM instance_events WHERE instance_id = '" + id + "'"))
                .isEqualTo("1");
        assertThat(value("SELECT version FROM instances WHERE id = '" + id + "'")).isEqualTo("2");
        assertThat(value("SELECT COUNT(*) FROM tasks WHERE instance_id = '" + id + "'")).isEqualTo("0");
        // A fault armed for a later step is still found by the chain (it asks once whether any is armed).
        expect(admin("POST", "/_roma_local/faults", "{\"operation\":\"create\",\"step\":\"Installing\","
                + "\"effect\":\"fail\",\"count\":1}"), 201);
        String faulted = http.createV1(adminToken, "chained-fault", "subnet-chained", "instant");
        advance(0);
        assertThat(http.history(adminToken, faulted)).containsExactly("Creating", "Initing", "Registering",
                "Installing", "InstallFailed");
        assertThat(value("SELECT version FROM instances WHERE id = '" + faulted + "'")).isEqualTo("2");
        assertThat(value("SELECT COUNT(*) FROM tasks WHERE instance_id = '" + faulted + "'")).isEqualTo("0");
        assertThat(value("SELECT COUNT(*) FROM step_faults")).isEqualTo("0");
    }

    @Test
    void aCreateStepTheDatabaseRefusesLandsInItsFailedStatusAfterRetries() throws SQLException {
        String id = http.createV1(adminToken, "refused-create", "subnet-refused-create", "fast");
        refuse(id, "Initing");
        refuse(id, "CreateFail");
        // The step and then the landing are refused: the operation keeps its task and keeps trying.
        for (int s = 0; s < 40; s++) {
            advance(1);
        }
        assertThat(status(id)).isEqualTo("Creating");
        assertThat(http.history(adminToken, id)).containsExactly("Creating");
        sql("DELETE FROM refused_steps WHERE to_status = 'CreateFail'");
        assertThat(advanceWhile(id, "Creating", 20)).isEqualTo("CreateFail");
        JsonNode d = detail(id);
        assertThat(d.get("error_code").asText()).isEqualTo("APIC.9206");
        assertThat(d.get("error_msg").asText()).contains("Creating");
        assertThat(http.history(adminToken, id)).containsExactly("Creating", "CreateFail");
        JsonNode process = expect(get("/v2/" + PROJECT + "/instances/" + id + "/process"), 200).json();
        assertThat(process.get("status").asText()).isEqualTo("CREATE_FAILED");
        // It has ended: no task is left, more time changes nothing, and it can be deleted.
        advance(60);
        assertThat(http.history(adminToken, id)).containsExactly("Creating", "CreateFail");
        expect(admin("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, null), 202);
        advance(2);
        assertThat(status(id)).isNull();
    }

    @Test
    void aDeleteStepTheDatabaseRefusesLandsInDeleteFailed() throws SQLException {
        String id = http.createV1(adminToken, "refused-delete", "subnet-refused-delete", "instant");
        advance(0);
        assertThat(status(id)).isEqualTo("Running");
        refuse(id, "Unregistering");
        expect(admin("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, null), 202);
        assertThat(advanceWhile(id, "Deleting", 30)).isEqualTo("DeleteFailed");
        JsonNode d = detail(id);
        assertThat(d.get("error_code").asText()).isEqualTo("ROMALOCAL.5001");
        assertThat(http.history(adminToken, id)).endsWith("Deleting", "DeleteFailed");
        sql("DELETE FROM refused_steps");
        expect(admin("DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, null), 202);
        advance(2);
        assertThat(status(id)).isNull();
    }

    @Test
    void aRefusedUpgradeLandsInUpdateFailedAndRollsBack() throws SQLException {
        String id = http.createV1(adminToken, "refused-upgrade", "subnet-refused-upgrade", "instant");
        advance(0);
        assertThat(status(id)).isEqualTo("Running");
        refuse(id, "Running");
        expect(admin("POST", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/actions",
                "{\"action\":\"upgrade\",\"version\":\"25.1.0\"}"), 202);
        String landed = null;
        for (int s = 0; s < 80 && !"RollbackFailed".equals(landed); s++) {
            advance(1);
            landed = status(id);
        }
        // Updating could not reach Running: UpdateFailed, the rollback, whose last step is refused as well.
        assertThat(http.history(adminToken, id)).endsWith("Updating", "UpdateFailed", "Rollbacking",
                "RollbackSuccess", "RollbackFailed");
        assertThat(detail(id).get("error_code").asText()).isEqualTo("ROMALOCAL.5001");
    }

    /** The status of a create under the fast profile (1, 1, 0.5, 1, 0.5 s) after {@code millis} of clock. */
    private static String fastCreateAt(long millis) {
        long[] ends = {1000, 2000, 2500, 3500, 4000};
        String[] statuses = {"Creating", "Initing", "Registering", "Installing", "Starting"};
        for (int i = 0; i < ends.length; i++) {
            if (millis < ends[i]) {
                return statuses[i];
            }
        }
        return "Running";
    }

    @Test
    void everyClockAdvanceAnswersAfterTheStepsItMadeDue() {
        record Started(String id, long at) {
        }
        List<Started> live = new ArrayList<>();
        long clock = 0;
        for (int round = 0; round < 200; round++) {
            if (round % 8 == 0) {
                live.add(new Started(http.createV1(adminToken, "race-" + round, "subnet-race", "fast"), clock));
            }
            advance(0.5);
            clock += 500;
            for (Started s : live) {
                assertThat(status(s.id())).as("round %d, instance started at %d ms", round, s.at())
                        .isEqualTo(fastCreateAt(clock - s.at()));
            }
            long now = clock;
            live.removeIf(s -> now - s.at() > 4500);
        }
    }

    @Test
    void faultFieldsLongerThanTheirColumnsAreParameterErrors() {
        Map<String, Integer> limits = Map.of("project_id", 128, "instance_id", 64, "error_code", 64,
                "error_message", 512);
        limits.forEach((field, max) -> {
            Http.Response r = admin("POST", "/_roma_local/faults", "{\"operation\":\"create\",\"effect\":\"fail\",\""
                    + field + "\":\"" + "x".repeat(max + 1) + "\"}");
            assertThat(r.status()).as(field).isEqualTo(400);
            assertThat(r.text()).contains(field);
            expect(admin("POST", "/_roma_local/faults", "{\"operation\":\"create\",\"effect\":\"fail\",\""
                    + field + "\":\"" + "x".repeat(max) + "\"}"), 201);
        });
        expect(admin("DELETE", "/_roma_local/faults", null), 204);
    }

    @Test
    void aProfileHeaderOutOfBoundsIsAParameterError() {
        for (String profile : List.of("0000000000000000000000000000000001", "86401", "1e3", "0x1p3", "-1", "NaN",
                "1.0001")) {
            Http.Response r = http.send("POST", "/v1/" + PROJECT + "/instances", Map.of("X-Auth-Token", adminToken,
                    "Content-Type", "application/json", "X-Roma-Local-Profile", profile), V1_BODY);
            assertThat(r.status()).as(profile).isEqualTo(400);
            assertThat(r.text()).as(profile).contains("X-Roma-Local-Profile");
        }
        String id = http.createV1(adminToken, "two-seconds", "subnet-two", "2.5");
        advance(2.5);
        assertThat(status(id)).isEqualTo("Initing");
    }
}
