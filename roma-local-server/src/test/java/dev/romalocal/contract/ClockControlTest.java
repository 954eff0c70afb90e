package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.RomaLocal;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A clock that cannot trap anyone: {@code offset_ms} (0: wall time) is accepted, resuming keeps the offset reached
 * unless asked to go back to wall time, a reset returns to wall time unless {@code keep_clock=true}, and the health
 * answer and the start banner say when the clock is paused or offset, also after a restart (the clock lives in the
 * store). The clock is driven; nothing sleeps. Times are compared with wall time within a tolerance for the
 * request's own duration.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ClockControlTest extends ServerFixture {
    /** How far two reads of "now" in one test may drift apart (request time, a loaded machine). */
    private static final double SLACK_MS = 5_000;

    private JsonNode setClock(String body) {
        return expect(admin("PUT", "/_roma_local/clock", body), 200).json();
    }

    private JsonNode health() {
        return expect(http.send("GET", "/_roma_local/health", Map.of(), null), 200).json().get("clock");
    }

    private static long wall() {
        return System.currentTimeMillis();
    }

    @Test
    void offsetZeroIsWallTimeAndResumeKeepsTheOffsetReached() {
        setClock("{\"paused\":false,\"offset_ms\":0}");
        pauseClock();
        advance(3600);
        // Resuming keeps the hour the advance added.
        JsonNode resumed = setClock("{\"paused\":false}");
        assertThat(resumed.get("paused").asBoolean()).isFalse();
        assertThat((double) resumed.get("now").asLong() - wall()).isCloseTo(3_600_000, within(SLACK_MS));
        assertThat(resumed.get("at_wall_time").asBoolean()).isFalse();
        assertThat(health().get("at_wall_time").asBoolean()).isFalse();
        assertThat(health().get("notice").asText()).contains("ahead of wall time").contains("offset_ms");
        // offset_ms alone is accepted (it was refused as an unknown field): back at wall time.
        JsonNode wall = setClock("{\"offset_ms\":0}");
        assertThat(wall.get("offset_ms").asLong()).isZero();
        assertThat(wall.get("at_wall_time").asBoolean()).isTrue();
        assertThat((double) wall.get("now").asLong() - wall()).isCloseTo(0, within(SLACK_MS));
        JsonNode h = health();
        assertThat(h.get("at_wall_time").asBoolean()).isTrue();
        assertThat(h.has("notice")).isFalse();
        // A paused clock with an offset stands still at wall time plus the offset.
        JsonNode behind = setClock("{\"paused\":true,\"offset_ms\":-86400000}");
        assertThat(behind.get("paused").asBoolean()).isTrue();
        assertThat((double) behind.get("now").asLong() - wall()).isCloseTo(-86_400_000, within(SLACK_MS));
        assertThat(health().get("notice").asText()).contains("paused at");
        // Pause and offset at once back to running wall time.
        JsonNode back = setClock("{\"paused\":false,\"offset_ms\":0}");
        assertThat(back.get("paused").asBoolean()).isFalse();
        assertThat(back.get("at_wall_time").asBoolean()).isTrue();
    }

    @Test
    void clockSettingsAreValidated() {
        for (String bad : List.of("{}", "{\"offset_ms\":\"soon\"}", "{\"offset_ms\":1.5e20}",
                "{\"offset_ms\":" + (11L * 365 * 24 * 3600 * 1000) + "}", "{\"paused\":\"yes\"}",
                "{\"offset\":0}")) {
            Http.Response r = admin("PUT", "/_roma_local/clock", bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().has("error_code")).as(bad).isTrue();
        }
        assertThat(admin("POST", "/_roma_local/reset?keep_clock=perhaps", null).status()).isEqualTo(400);
    }

    @Test
    void resetReturnsTheClockToWallTimeUnlessAskedToKeepIt() {
        pauseClock();
        advance(120);
        JsonNode kept = expect(admin("POST", "/_roma_local/reset?keep_clock=true", null), 200).json().get("clock");
        assertThat(kept.get("paused").asBoolean()).isTrue();
        assertThat((double) kept.get("now").asLong() - wall()).isCloseTo(120_000, within(SLACK_MS));
        assertThat(health().get("paused").asBoolean()).isTrue();

        JsonNode reset = expect(admin("POST", "/_roma_local/reset", null), 200).json().get("clock");
        assertThat(reset.get("paused").asBoolean()).isFalse();
        assertThat(reset.get("offset_ms").asLong()).isZero();
        assertThat(reset.get("at_wall_time").asBoolean()).isTrue();
        JsonNode clock = expect(admin("GET", "/_roma_local/clock", null), 200).json();
        assertThat(clock.get("paused").asBoolean()).isFalse();
        assertThat((double) clock.get("now").asLong() - wall()).isCloseTo(0, within(SLACK_MS));
        assertThat(health().get("at_wall_time").asBoolean()).isTrue();
    }

    @Test
    void aPauseThatSurvivesARestartIsAnnounced() {
        try (dev.romalocal.testing.Backend.Store own = backend().fresh()) {
            try (RomaLocal first = RomaLocal.start(own.settings())) {
                assertThat(first.clockNotice()).as("a fresh store runs at wall time").isNull();
                Http h = new Http(first.endpoint());
                expect(h.withToken("PUT", "/_roma_local/clock", h.adminToken(), "{\"paused\":true}"), 200);
            }
            try (RomaLocal second = RomaLocal.start(own.settings())) {
                assertThat(second.clockNotice()).contains("paused at").contains("offset_ms");
                assertThat(dev.romalocal.cli.ServeCommandBanner.lines(second))
                        .anySatisfy(line -> assertThat(line).startsWith("  clock ").contains("paused at"));
                JsonNode h = new Http(second.endpoint()).send("GET", "/_roma_local/health", Map.of(), null).json();
                assertThat(h.get("clock").get("paused").asBoolean()).isTrue();
                // serve --wall-clock drops it.
                second.clockToWallTime();
                assertThat(second.clockNotice()).isNull();
                assertThat(dev.romalocal.cli.ServeCommandBanner.lines(second)).noneMatch(l -> l.contains("clock"));
            }
        }
    }
}
