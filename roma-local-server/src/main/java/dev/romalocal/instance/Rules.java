package dev.romalocal.instance;

import dev.romalocal.error.InvalidParameterException;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation rules shared by every write path (control-API upserts, creates, updates). */
public final class Rules {
    /** Instance names: a letter first, then letters, digits, hyphens or underscores; 3 to 64 in all. */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z\\u4e00-\\u9fa5][A-Za-z0-9\\u4e00-\\u9fa5_-]{2,63}$");
    /** Ids of things the instance points at (VPC, subnet, security group, user, enterprise project, AZ). */
    private static final Pattern REF_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
    private static final Pattern TIME = Pattern.compile("^([01]\\d|2[0-3]):00:00$");
    private static final Set<Integer> MAINTAIN_BEGIN_HOURS = Set.of(2, 6, 10, 14, 18, 22);
    private static final int DESCRIPTION_MAX = 255;

    private Rules() {
    }

    public static String instanceId(String param, String value) {
        if (!isId(value, 64, true)) {
            throw new InvalidParameterException(param,
                    "an instance id is 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit");
        }
        return value;
    }

    public static String projectId(String param, String value) {
        if (!isId(value, 128, false)) {
            throw new InvalidParameterException(param,
                    "a project id is 1 to 128 letters, digits, '-' or '_' (is the SDK client missing a project id?)");
        }
        return value;
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

    public static String name(String param, String value) {
        if (value != null && !NAME.matcher(value).matches()) {
            throw new InvalidParameterException(param,
                    "3 to 64 characters: letters, digits, '-' or '_', starting with a letter");
        }
        return value;
    }

    public static String description(String param, String value) {
        if (value != null && (value.length() > DESCRIPTION_MAX || value.indexOf('<') >= 0 || value.indexOf('>') >= 0)) {
            throw new InvalidParameterException(param, "at most " + DESCRIPTION_MAX + " characters, without < or >");
        }
        return value;
    }

    public static String refId(String param, String value) {
        if (value != null && !REF_ID.matcher(value).matches()) {
            throw new InvalidParameterException(param,
                    "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit");
        }
        return value;
    }

    public static List<String> refIds(String param, List<String> values) {
        if (values != null) {
            for (String v : values) {
                refId(param, v);
            }
        }
        return values;
    }

    public static String ipv4(String param, String value) {
        if (value != null && !IPV4.matcher(value).matches()) {
            throw new InvalidParameterException(param, "must be an IPv4 address");
        }
        return value;
    }

    public static List<String> ipv4s(String param, List<String> values) {
        if (values != null) {
            for (String v : values) {
                ipv4(param, v);
            }
        }
        return values;
    }

    public static String ipv6(String param, String value) {
        if (value != null && (!IPV6.matcher(value).matches() || !value.contains(":"))) {
            throw new InvalidParameterException(param, "must be an IPv6 address");
        }
        return value;
    }

    public static String ipv6Cidr(String param, String value) {
        if (value == null) {
            return null;
        }
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new InvalidParameterException(param, "must be an IPv6 CIDR such as 2001:db8::/64");
        }
        ipv6(param, value.substring(0, slash));
        try {
            int bits = Integer.parseInt(value.substring(slash + 1));
            if (bits < 0 || bits > 128) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(param, "must be an IPv6 CIDR such as 2001:db8::/64");
        }
        return value;
    }

    /**
     * The maintenance window: begin at 02, 06, 10, 14, 18 or 22 o'clock ({@code HH:00:00}), end exactly four
     * hours later; both or neither.
     */
    public static void maintenanceWindow(String beginParam, String begin, String endParam, String end) {
        if (begin == null && end == null) {
            return;
        }
        if (begin == null || end == null) {
            throw new InvalidParameterException(begin == null ? beginParam : endParam,
                    "maintain_begin and maintain_end must be given together");
        }
        if (!TIME.matcher(begin).matches() || !MAINTAIN_BEGIN_HOURS.contains(hour(begin))) {
            throw new InvalidParameterException(beginParam,
                    "must be HH:00:00 with HH one of 02, 06, 10, 14, 18, 22");
        }
        if (!TIME.matcher(end).matches() || hour(end) != (hour(begin) + 4) % 24) {
            throw new InvalidParameterException(endParam, "must be four hours after maintain_begin");
        }
    }

    /** Checks a maintenance window start alone; returns it. */
    public static String validBeginHour(String param, String begin) {
        if (!TIME.matcher(begin).matches() || !MAINTAIN_BEGIN_HOURS.contains(hour(begin))) {
            throw new InvalidParameterException(param, "must be HH:00:00 with HH one of 02, 06, 10, 14, 18, 22");
        }
        return begin;
    }

    public static String maintainEndFor(String begin) {
        return String.format("%02d:00:00", (hour(begin) + 4) % 24);
    }

    private static int hour(String time) {
        return Integer.parseInt(time.substring(0, 2));
    }
}
