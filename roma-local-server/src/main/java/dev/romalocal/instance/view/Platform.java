package dev.romalocal.instance.view;

import dev.romalocal.instance.Instance;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** The platform-view attributes derived from the aggregate, shared by the detail and list-item views. */
final class Platform {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Platform() {
    }

    static String flavorId(Instance i) {
        return i.spec() == null ? null : i.spec().productId();
    }

    static String flavorType(Instance i) {
        return i.spec() == null ? null : i.spec().flavorType();
    }

    static String cpuArch(Instance i) {
        return i.cpuArch() == null ? "x86_64" : i.cpuArch();
    }

    /** {@code charging_mode} 1 (yearly/monthly) is prePaid; anything else postPaid. */
    static String chargeType(Instance i) {
        return i.chargingMode() != null && i.chargingMode() == 1 ? "prePaid" : "postPaid";
    }

    static boolean ipv6Enabled(Instance i) {
        return (i.spec() != null && i.spec().ipv6()) || i.ingressIpV6() != null;
    }

    /** The EIP's id: stored when known, else derived deterministically from the address. */
    static String publicipId(Instance i) {
        if (i.publicipId() != null) {
            return i.publicipId();
        }
        return i.eipAddress() == null ? null : UUID.nameUUIDFromBytes(("eip/" + i.eipAddress()).getBytes()).toString();
    }

    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
