package dev.romalocal.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations of the client commands: {@code 500ms}, {@code 90s}, {@code 1.5s}, {@code 15m}, {@code 2h}, {@code 1d},
 *  ISO-8601 ({@code PT1H}), or a bare number of seconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
        String v = value.trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return check(value, Duration.parse(v.toUpperCase(java.util.Locale.ROOT)));
            }
        } catch (DateTimeParseException e) {
            throw bad(value);
        }
        Matcher m = FORM.matcher(v);
        if (!m.matches() || m.group(1).length() > 15) {
            throw bad(value);
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 86_400_000;
        };
        return check(value, Duration.ofMillis(Math.round(millis)));
    }

    private static Duration check(String value, Duration d) {
        if (d.isNegative() || d.toDays() > 3650) {
            throw bad(value);
        }
        return d;
    }

    private static CommandLine.TypeConversionException bad(String value) {
        return new CommandLine.TypeConversionException("'" + value
                + "' is not a duration such as 500ms, 90s, 15m, 2h, 1d, PT1H or a number of seconds");
    }
}
