package dev.romalocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.client.RomaLocalControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;

/** {@code roma-local clock show|pause|resume|advance}. */
@Command(name = "clock", mixinStandardHelpOptions = true,
        description = "Read, pause, resume or advance the lifecycle clock of a running server.",
        subcommands = {ClockCommand.Show.class, ClockCommand.Pause.class, ClockCommand.Resume.class,
                ClockCommand.Advance.class})
final class ClockCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Prints the clock's answer: a table, or the JSON. */
    abstract static class ClockAnswer extends ClientCommand {
        int print(JsonNode clock) throws Exception {
            if (json()) {
                printJson(clock);
                return OK;
            }
            new Table("NOW", "PAUSED", "OFFSET").row(Instant.ofEpochMilli(clock.path("now").asLong()),
                    clock.path("paused").asBoolean(), Duration.ofMillis(clock.path("offset_ms").asLong()))
                    .print(out());
            return OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The clock's time and state.")
    static final class Show extends ClockAnswer {
        @Override
        int run(RomaLocalControl client) throws Exception {
            return print(client.call("GET", "/_roma_local/clock", null));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stop the clock: no lifecycle step becomes due until it is advanced or resumed.")
    static final class Pause extends ClockAnswer {
        @Override
        int run(RomaLocalControl client) throws Exception {
            return print(client.call("PUT", "/_roma_local/clock", "{\"paused\":true}"));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Let the clock run again, from where it stands (the offset it reached is kept).")
    static final class Resume extends ClockAnswer {
        @picocli.CommandLine.Option(names = "--wall-time",
                description = "Resume at wall time: drop the offset the pauses and advances built up.")
        boolean wallTime;

        @Override
        int run(RomaLocalControl client) throws Exception {
            return print(client.call("PUT", "/_roma_local/clock",
                    wallTime ? "{\"paused\":false,\"offset_ms\":0}" : "{\"paused\":false}"));
        }
    }

    @Command(name = "advance", mixinStandardHelpOptions = true,
            description = "Move the clock forward; answers once every step that became due has run.")
    static final class Advance extends ClockAnswer {
        @Parameters(index = "0", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "How far: 500ms, 30s, 5m, 2h, 1d, PT1H, or a number of seconds.")
        Duration by;

        @Override
        int run(RomaLocalControl client) throws Exception {
            return print(client.call("POST", "/_roma_local/clock/advance", "{\"seconds\":" + by.toMillis() / 1000.0
                    + "}"));
        }
    }
}
