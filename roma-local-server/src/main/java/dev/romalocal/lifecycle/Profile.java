package dev.romalocal.lifecycle;

import dev.romalocal.error.InvalidParameterException;

import java.util.Map;

/**
 * How long each lifecycle step takes: {@code instant} (0), {@code fast} (the default: a create takes 4 s in all),
 * {@code realistic} (a create takes 28 minutes, like the real service), or a number: seconds per step.
 * Chosen per server ({@code --lifecycle-profile}) or per request ({@code X-Roma-Local-Profile}).
 */
public final class Profile {
    public static final String DEFAULT = "fast";

    private static final Map<Operation, long[]> FAST = Map.of(
            Operation.CREATE, new long[] {1000, 1000, 500, 1000, 500},
            Operation.DELETE, new long[] {1000, 500},
            Operation.RESTART, new long[] {1000},
            Operation.UPGRADE, new long[] {1500},
            Operation.ROLLBACK, new long[] {1000, 500},
            Operation.FREEZE, new long[] {500},
            Operation.UNFREEZE, new long[] {500});
    private static final long FAST_ROLLBACK_DWELL = 500;
    private static final long MIN = 60_000;
    private static final Map<Operation, long[]> REALISTIC = Map.of(
            Operation.CREATE, new long[] {3 * MIN, 5 * MIN, 4 * MIN, 12 * MIN, 4 * MIN},
            Operation.DELETE, new long[] {4 * MIN, 2 * MIN},
            Operation.RESTART, new long[] {3 * MIN},
            Operation.UPGRADE, new long[] {15 * MIN},
            Operation.ROLLBACK, new long[] {8 * MIN, MIN},
            Operation.FREEZE, new long[] {2 * MIN},
            Operation.UNFREEZE, new long[] {3 * MIN});
    private static final long REALISTIC_ROLLBACK_DWELL = MIN;

    private Profile() {
    }

    /** A number of seconds per step: up to five digits, optionally up to three decimals (stored in 32 chars). */
    private static final java.util.regex.Pattern SECONDS = java.util.regex.Pattern.compile("\\d{1,5}(\\.\\d{1,3})?");

    /**
     * Fails with a 400 naming {@code parameter} unless {@code spec} is a profile: a name, or seconds per step from 0
     * to 86400 written as up to five digits and three decimals (so it always fits its column).
     */
    public static String check(String parameter, String spec) {
        if (spec.equals("instant") || spec.equals("fast") || spec.equals("realistic")) {
            return spec;
        }
        if (SECONDS.matcher(spec).matches() && Double.parseDouble(spec) <= 86_400) {
            return spec;
        }
        throw new InvalidParameterException(parameter, "must be instant, fast, realistic or a number of seconds "
                + "per step (0 to 86400, at most three decimals)");
    }

    /**
     * Milliseconds step {@code step} of {@code op} takes under {@code spec}; step -1 of {@link Operation#ROLLBACK}
     * is the dwell in UpdateFailed/UpdateTimeout before the rollback starts.
     */
    public static long duration(String spec, Operation op, int step) {
        switch (spec) {
            case "instant":
                return 0;
            case "fast":
                return step < 0 ? FAST_ROLLBACK_DWELL : FAST.get(op)[step];
            case "realistic":
                return step < 0 ? REALISTIC_ROLLBACK_DWELL : REALISTIC.get(op)[step];
            default:
                return Math.round(Double.parseDouble(spec) * 1000);
        }
    }
}
