package dev.romalocal.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generated IP addresses for property-style tests: valid IPv4 and IPv6 addresses in every text form the rules accept,
 * and invalid ones, each made from a valid one by a mutation that is known to break it. The same seed gives the same
 * addresses.
 */
public final class Addresses {
    private final SplittableRandom random;

    public Addresses(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A dotted quad, each octet 0-255 without leading zeros. */
    public String ipv4() {
        return octet() + "." + octet() + "." + octet() + "." + octet();
    }

    private int octet() {
        // Edges often: 0, 255 and one- to three-digit values.
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 255;
            case 2 -> random.nextInt(10);
            case 3 -> 10 + random.nextInt(90);
            default -> random.nextInt(256);
        };
    }

    /**
     * An IPv6 address: eight groups, or fewer around one {@code ::} (at the start, the middle or the end), groups of
     * one to four hex digits in either case, sometimes ending in a dotted IPv4 address.
     */
    public String ipv6() {
        boolean dottedTail = random.nextInt(5) == 0;
        int slots = dottedTail ? 6 : 8;
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            groups.add(group());
        }
        String tail = dottedTail ? ipv4() : null;
        if (random.nextInt(3) == 0) {
            // Uncompressed.
            return String.join(":", groups) + (tail == null ? "" : ":" + tail);
        }
        // One run of one or more groups becomes "::" (all of them, when there is a dotted tail, is "::a.b.c.d").
        int start = random.nextInt(slots);
        int length = 1 + random.nextInt(slots - start);
        String head = String.join(":", groups.subList(0, start));
        List<String> rest = new ArrayList<>(groups.subList(start + length, slots));
        if (tail != null) {
            rest.add(tail);
        }
        return head + "::" + String.join(":", rest);
    }

    private String group() {
        int digits = 1 + random.nextInt(4);
        String hex = Integer.toHexString(random.nextInt(1 << (4 * digits)));
        hex = "0".repeat(random.nextInt(digits - hex.length() + 1)) + hex; // leading zeros, sometimes
        return random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT);
    }

    /** Either version, half and half. */
    public String ip(boolean six) {
        return six ? ipv6() : ipv4();
    }

    /** Something that is not an IPv4 address: a valid one broken by one mutation. */
    public String badIpv4() {
        String v = ipv4();
        String[] parts = v.split("\\.");
        return switch (random.nextInt(9)) {
            case 0 -> String.join(".", parts[0], parts[1], parts[2]); // three parts
            case 1 -> v + "." + octet(); // five parts
            case 2 -> replacePart(parts, 256 + random.nextInt(744) + ""); // over 255
            case 3 -> replacePart(parts, "0" + (1 + random.nextInt(9))); // a leading zero
            case 4 -> replacePart(parts, ""); // an empty part
            case 5 -> v + "."; // trailing dot
            case 6 -> " " + v; // whitespace
            case 7 -> replacePart(parts, "-" + random.nextInt(10)); // sign
            default -> replacePart(parts, "x"); // not a digit
        };
    }

    private String replacePart(String[] parts, String with) {
        String[] copy = parts.clone();
        copy[random.nextInt(copy.length)] = with;
        return String.join(".", copy);
    }

    /** Something that is not an IPv6 address: a valid one broken by one mutation. */
    public String badIpv6() {
        String[] full = new String[8];
        for (int i = 0; i < 8; i++) {
            full[i] = group();
        }
        String v = String.join(":", full);
        return switch (random.nextInt(10)) {
            case 0 -> v + ":" + group(); // nine groups
            case 1 -> String.join(":", java.util.Arrays.copyOf(full, 7)); // seven groups, no "::"
            case 2 -> full[0] + "::" + full[1] + "::" + full[2]; // two "::"
            case 3 -> full[0] + ":::" + full[1]; // ":::"
            case 4 -> v.replaceFirst(full[random.nextInt(8)], "1ffff"); // a group of five digits
            case 5 -> v.replaceFirst(":", ":g"); // not a hex digit
            case 6 -> ":" + v; // a lone leading colon
            case 7 -> v + ":"; // a lone trailing colon
            case 8 -> "1::2:3:4:5:6:7:8".replace("1", full[0]); // "::" standing for no group
            default -> "::" + ipv4() + ":1"; // a dotted part that does not end the address
        };
    }
}
