package dev.romalocal.instance;

import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.Schema;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The rules a string field of an instance follows, each with the reason a 400 gives when it is broken. Record
 * components name theirs with {@link Is} ({@code @Is(REF_ID) String vpcId}); path parameters are checked with
 * {@link #check}. The OpenAPI schema shows each rule's pattern where it has one, and its reason.
 */
public enum Rule implements Schema.Hint {
    INSTANCE_ID("an instance id is 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit",
            v -> Rules.isId(v, 64, true), "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"),
    PROJECT_ID("a project id is 1 to 128 letters, digits, '-' or '_' (is the SDK client missing a project id?)",
            v -> Rules.isId(v, 128, false), "^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$"),
    /** Instance names: a letter first, then letters, digits, hyphens or underscores; 3 to 64 in all. */
    NAME("3 to 64 characters: letters, digits, '-' or '_', starting with a letter",
            v -> Rules.NAME.matcher(v).matches(), Rules.NAME.pattern()),
    DESCRIPTION("at most " + Rules.DESCRIPTION_MAX + " characters, without < or >",
            v -> v.length() <= Rules.DESCRIPTION_MAX && v.indexOf('<') < 0 && v.indexOf('>') < 0,
            "^[^<>]{0," + Rules.DESCRIPTION_MAX + "}$"),
    /** Ids of things the instance points at (VPC, subnet, security group, user, enterprise project, AZ). */
    REF_ID("1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit",
            v -> Rules.REF_ID.matcher(v).matches(), Rules.REF_ID.pattern()),
    IPV4("must be an IPv4 address", Rules::isIpv4, Rules.IPV4.pattern()),
    IPV6("must be an IPv6 address", Rules::isIpv6, null),
    /** A listener's backend address: either version (which one, the listener's ip_version says: Listener). */
    IP("must be an IPv4 or IPv6 address", v -> Rules.isIpv4(v) || Rules.isIpv6(v), null),
    IPV4_CIDR("must be an IPv4 CIDR such as 192.168.0.0/24", Rules::isIpv4Cidr, null),
    IPV6_CIDR("must be an IPv6 CIDR such as 2001:db8::/64", Rules::isIpv6Cidr, null),
    SPEC("must be one of " + Arrays.toString(Spec.values()), v -> Spec.fromWire(v).isPresent(), null),
    CIPHER_TYPE("must be one of generalCipher, SMCompatible, SMOnly", v -> CipherType.fromWire(v).isPresent(), null),
    PRODUCT_ID("must be one of " + Spec.productIds(), v -> Spec.fromProductId(v).isPresent(), null);

    private final String reason;
    private final Predicate<String> accepts;
    private final String pattern;

    Rule(String reason, Predicate<String> accepts, String pattern) {
        this.reason = reason;
        this.accepts = accepts;
        this.pattern = pattern;
    }

    public String reason() {
        return reason;
    }

    /** Whether a (non-null) value follows the rule. */
    public boolean accepts(String value) {
        return accepts.test(value);
    }

    /** {@code value} when it is null or follows the rule; else a 400 naming {@code param}. */
    public String check(String param, String value) {
        if (value != null && !accepts(value)) {
            throw new InvalidParameterException(param, reason);
        }
        return value;
    }

    @Override
    public void describe(Map<String, Object> schema) {
        if (pattern != null) {
            schema.put("pattern", pattern);
        }
        schema.put("description", reason);
    }
}
