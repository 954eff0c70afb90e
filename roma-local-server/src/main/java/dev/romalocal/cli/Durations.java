package dev.romalocal.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Durations on the command line: {@code 90s}, {@code 15m}, {@code 24h}, {@code 2d} or ISO-8601 {@code PT1H}. */
final class Durations {
    private Durations() {
    }

    static Duration parse(String option, String value) {
        String v = value.trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return positive(option, Duration.parse(v));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return positive(option, switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            });
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new CommandLine.ParameterException(new CommandLine(new ServeCommand()),
                    option + ": '" + value + "' is not a duration such as 90s, 15m, 24h or PT1H");
        }
    }

    private static Duration positive(String option, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new NumberFormatException(option);
        }
        return d;
    }
}
