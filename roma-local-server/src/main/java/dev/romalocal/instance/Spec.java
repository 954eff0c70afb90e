package dev.romalocal.instance;

import java.util.List;
import java.util.Optional;

/**
 * Instance editions: the four of the API page plus the SDK's IPv6 and Site variants. Each carries the platform
 * flavor it maps to (flavor_type, the HuaweiCloudStack product id) and its supported features.
 */
public enum Spec {
    ROMA_BASIC("basic", "00300-30101-0--0", false),
    ROMA_PROFESSIONAL("professional", "00300-30102-0--0", false),
    ROMA_ENTERPRISE("enterprise", "00300-30103-0--0", false),
    ROMA_PLATINUM("platinum", "00300-30104-0--0", false),
    ROMA_BASIC_IPV6("basic", "00300-30101-0--0", true),
    ROMA_PROFESSIONAL_IPV6("professional", "00300-30102-0--0", true),
    ROMA_ENTERPRISE_IPV6("enterprise", "00300-30103-0--0", true),
    ROMA_PLATINUM_IPV6("platinum", "00300-30104-0--0", true),
    ROMASITE_BASIC("basic", "00300-30101-0--0", false);

    private static final List<String> BASE_FEATURES = List.of(
            "lts", "gateway_responses", "ratelimit", "request_body_size", "backend_timeout", "app_token",
            "app_api_key", "app_basic", "app_secret", "app_jwt", "public_key", "backend_token_allow",
            "sign_basic", "multi_auth", "backend_client_certificate", "ssl_ciphers", "app_config", "app_route",
            "default_group_hide", "cors", "gzip");
    private static final List<String> ADVANCED_FEATURES = List.of(
            "cascade", "sandbox", "livedata_config", "apiclient_first_use_x_hw_id", "api_task", "app_quota",
            "app_acl", "vpc_backup", "throttle_strategy", "kafka_log_plugin_options", "js_invocable_cache_size");

    private final String flavorType;
    private final String productId;
    private final boolean ipv6;

    Spec(String flavorType, String productId, boolean ipv6) {
        this.flavorType = flavorType;
        this.productId = productId;
        this.ipv6 = ipv6;
    }

    /** Platform {@code flavor_type}: basic, professional, enterprise or platinum. */
    public String flavorType() {
        return flavorType;
    }

    /** The HuaweiCloudStack {@code product_id} (also used as the platform {@code flavor_id}). */
    public String productId() {
        return productId;
    }

    public boolean ipv6() {
        return ipv6;
    }

    /** Feature names (FeatureInfoV2 names) an instance of this edition supports. */
    public List<String> supportedFeatures() {
        if (flavorType.equals("basic")) {
            return BASE_FEATURES;
        }
        List<String> all = new java.util.ArrayList<>(BASE_FEATURES);
        all.addAll(ADVANCED_FEATURES);
        return List.copyOf(all);
    }

    /** Every HuaweiCloudStack product id {@link #fromProductId} knows. */
    public static java.util.SortedSet<String> productIds() {
        java.util.SortedSet<String> ids = new java.util.TreeSet<>();
        for (Spec s : values()) {
            ids.add(s.productId);
        }
        ids.add(PLATINUM_XB);
        return ids;
    }

    public static Optional<Spec> fromWire(String value) {
        for (Spec s : values()) {
            if (s.name().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** HuaweiCloudStack's platinumXB product: a platinum edition. */
    private static final String PLATINUM_XB = "00300-30105-0--0";

    /** The non-IPv6 edition for a HuaweiCloudStack product id, if it is one of ours. */
    public static Optional<Spec> fromProductId(String productId) {
        if (PLATINUM_XB.equals(productId)) {
            return Optional.of(ROMA_PLATINUM);
        }
        for (Spec s : values()) {
            if (!s.ipv6 && s != ROMASITE_BASIC && s.productId.equals(productId)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
