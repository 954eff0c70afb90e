package dev.romalocal.instance;

import dev.romalocal.error.InvalidParameterException;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The patterns behind the {@link Rule}s, the checks of path parameters (they run on every request, so they are
 * written by hand), and the maintenance window ({@link MaintenanceWindow}).
 */
public final class Rules {
    static final Pattern NAME = Pattern.compile("^[A-Za-z\\u4e00-\\u9fa5][A-Za-z0-9\\u4e00-\\u9fa5_-]{2,63}$");
    static final Pattern REF_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
    static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Pattern TIME = Pattern.compile("^([01]\\d|2[0-3]):00:00$");
    private static final Set<Integer> MAINTAIN_BEGIN_HOURS = Set.of(2, 6, 10, 14, 18, 22);
    static final int DESCRIPTION_MAX = 255;

    private Rules() {
    }

    /** A path's instance id ({@link Rule#INSTANCE_ID}); null is refused too. */
    public static String instanceId(String param, String value) {
        if (!isId(value, 64, true)) {
            throw new InvalidParameterException(param, Rule.INSTANCE_ID.reason());
        }
        return value;
    }

    /** A path's project id ({@link Rule#PROJECT_ID}); null is refused too. */
    public static String projectId(String param, String value) {
        if (!isId(value, 128, false)) {
            throw new InvalidParameterException(param, Rule.PROJECT_ID.reason());
        }
        return value;
    }

    /** A path's reference id ({@link Rule#REF_ID}). */
    public static String refId(String param, String value) {
        return Rule.REF_ID.check(param, value);
    }

    /**
     * A path id: a letter or digit, then letters, digits, '-', '_' (and '.' when {@code dots}); at most {@code max}
     * characters. Checked by hand: it runs on every request (the literal {project_id} an SDK sends without a
     * project fails it).
     */
    static boolean isId(String value, int max, boolean dots) {
        int n = value == null ? 0 : value.length();
        if (n == 0 || n > max) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || !(c == '-' || c == '_' || (dots && c == '.')))) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4(String value) {
        return IPV4.matcher(value).matches();
    }

    /**
     * An IPv6 address in the text forms of RFC 4291 section 2.2: eight groups of one to four hex digits separated
     * by colons, or fewer with one {@code ::} standing for one or more zero groups, the last two groups optionally
     * written as a dotted IPv4 address ({@code ::ffff:10.0.0.1}). No zone ({@code %eth0}), no brackets, no prefix.
     */
    static boolean isIpv6(String value) {
        int n = value.length();
        if (n < 2 || n > 45) {
            return false;
        }
        int gap = value.indexOf("::");
        if (gap >= 0 && value.indexOf("::", gap + 1) >= 0) {
            return false; // two gaps (":::" included)
        }
        String head = gap < 0 ? value : value.substring(0, gap);
        String tail = gap < 0 ? "" : value.substring(gap + 2);
        int groups = 0;
        for (int side = 0; side < 2; side++) {
            String part = side == 0 ? head : tail;
            if (part.isEmpty()) {
                continue;
            }
            boolean endsAddress = gap < 0 || side == 1;
            String[] fields = part.split(":", -1);
            for (int i = 0; i < fields.length; i++) {
                String f = fields[i];
                // A dotted IPv4 part may only end the address.
                if (endsAddress && i == fields.length - 1 && f.indexOf('.') >= 0) {
                    if (!isIpv4(f)) {
                        return false;
                    }
                    groups += 2;
                } else if (isHexGroup(f)) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return gap < 0 ? groups == 8 : groups <= 7;
    }

    /**
     * Why a listener's backend addresses do not match its {@code ip_version} ({@link ListenerAddresses}): null when
     * they do (or when an item is no address at all: {@link Rule#IP} reports that).
     */
    static String listenerAddressProblem(Instance.Listener l) {
        if (l.backend() == null || l.backend().ip() == null) {
            return null;
        }
        boolean six = Integer.valueOf(6).equals(l.ipVersion());
        for (String ip : l.backend().ip()) {
            if (ip != null && (six ? isIpv4(ip) : isIpv6(ip))) {
                return six ? "must be IPv6 addresses: the listener's ip_version is 6; " + ip + " is IPv4"
                        : "must be IPv4 addresses: the listener's ip_version is "
                          + (l.ipVersion() == null ? "absent (4)" : l.ipVersion()) + "; " + ip + " is IPv6";
            }
        }
        return null;
    }

    private static boolean isHexGroup(String f) {
        int n = f.length();
        if (n < 1 || n > 4) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = f.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4Cidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0 || !isIpv4(value.substring(0, slash))) {
            return false;
        }
        String bits = value.substring(slash + 1);
        return bits.matches("\\d{1,2}") && Integer.parseInt(bits) <= 32;
    }

    static boolean isIpv6Cidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0 || !isIpv6(value.substring(0, slash))) {
            return false;
        }
        String bits = value.substring(slash + 1);
        return bits.matches("\\d{1,3}") && Integer.parseInt(bits) <= 128;
    }

    /** What is wrong with a maintenance window: in its begin or its end, and why. */
    record WindowProblem(boolean inBegin, String reason) {
    }

    private static final WindowProblem BAD_BEGIN =
            new WindowProblem(true, "must be HH:00:00 with HH one of 02, 06, 10, 14, 18, 22");

    /**
     * The maintenance window: begin at 02, 06, 10, 14, 18 or 22 o'clock ({@code HH:00:00}), end exactly four
     * hours later; both or neither, or the begin alone when {@code beginAlone}. Null when it is right.
     */
    static WindowProblem windowProblem(String begin, String end, boolean beginAlone) {
        if (begin == null && end == null) {
            return null;
        }
        if (end == null && beginAlone) {
            return validBegin(begin) ? null : BAD_BEGIN;
        }
        if (begin == null || end == null) {
            return new WindowProblem(begin == null, "maintain_begin and maintain_end must be given together");
        }
        if (!validBegin(begin)) {
            return BAD_BEGIN;
        }
        if (!TIME.matcher(end).matches() || hour(end) != (hour(begin) + 4) % 24) {
            return new WindowProblem(false, "must be four hours after maintain_begin");
        }
        return null;
    }

    private static boolean validBegin(String begin) {
        return TIME.matcher(begin).matches() && MAINTAIN_BEGIN_HOURS.contains(hour(begin));
    }

    /** The end of the window that begins at {@code begin} (a valid begin). */
    public static String maintainEndFor(String begin) {
        return String.format("%02d:00:00", (hour(begin) + 4) % 24);
    }

    private static int hour(String time) {
        return Integer.parseInt(time.substring(0, 2));
    }
}
