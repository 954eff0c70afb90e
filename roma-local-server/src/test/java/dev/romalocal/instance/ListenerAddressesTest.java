package dev.romalocal.instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.testing.Addresses;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Listener backend addresses against the listener's {@code ip_version} (API page, Table 5), property-style: seeded
 * generated addresses of both versions, valid and invalid, in documents bound as the control API binds them.
 */
class ListenerAddressesTest {
    private static final long SEED = 20251022L;
    private static final int CASES = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void generatedValidAddressesAreAcceptedByTheirRuleOnlyAndAreWhatTheJdkParses() throws Exception {
        Addresses gen = new Addresses(SEED);
        for (int i = 0; i < CASES; i++) {
            String v4 = gen.ipv4();
            String v6 = gen.ipv6();
            assertThat(Rule.IPV4.accepts(v4)).as(v4).isTrue();
            assertThat(Rule.IPV6.accepts(v4)).as(v4).isFalse();
            assertThat(Rule.IP.accepts(v4)).as(v4).isTrue();
            assertThat(Rule.IPV6.accepts(v6)).as(v6).isTrue();
            assertThat(Rule.IPV4.accepts(v6)).as(v6).isFalse();
            assertThat(Rule.IP.accepts(v6)).as(v6).isTrue();
            // The JDK parses literals without a lookup: an independent opinion on what was generated.
            assertThat(InetAddress.getByName(v4)).as(v4).isInstanceOf(Inet4Address.class);
            InetAddress six = InetAddress.getByName(v6);
            // An IPv4-mapped address (::ffff:a.b.c.d) comes back as IPv4 from the JDK; every other one as IPv6.
            assertThat(six instanceof Inet6Address || v6.toLowerCase().matches("^(0{0,4}:){0,5}:?(0{0,4}:)*ffff:.*"))
                    .as(v6).isTrue();
        }
    }

    @Test
    void generatedInvalidAddressesAreRefusedByEveryRule() {
        Addresses gen = new Addresses(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            for (String bad : List.of(gen.badIpv4(), gen.badIpv6())) {
                assertThat(Rule.IPV4.accepts(bad)).as(bad).isFalse();
                assertThat(Rule.IPV6.accepts(bad)).as(bad).isFalse();
                assertThat(Rule.IP.accepts(bad)).as(bad).isFalse();
            }
        }
    }

    @Test
    void handPickedEdges() {
        for (String ok : List.of("::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "::ffff:10.0.0.1",
                "fe80::1:2:3:4:5:6", "1:2:3:4:5:6:7:8", "0:0:0:0:0:0:1.2.3.4", "1:2:3:4:5:6::")) {
            assertThat(Rule.IPV6.accepts(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("", ":", ":::", "1", "1.2.3.4", "::1%eth0", "[::1]", "2001:db8::/64",
                "1:2:3:4:5:6:7:8:9", "1::2::3", "::1.2.3.4:5", "12345::", "g::", "1:2:3:4:5:6:7::8",
                "::ffff:1.2.3.256", "１::")) {
            assertThat(Rule.IPV6.accepts(bad)).as(bad).isFalse();
        }
    }

    /**
     * Documents with listeners of both versions: each listener's addresses of its own version bind and stay as they
     * were written (case, zeros, compression); one address of the other version, or one that is no address, is
     * refused naming that listener's {@code backend.ip}.
     */
    @Test
    void listenersTakeAddressesOfTheirVersionAndRefuseTheOther() {
        Addresses gen = new Addresses(SEED + 2);
        SplittableRandom random = new SplittableRandom(SEED + 3);
        for (int c = 0; c < 300; c++) {
            int listeners = 1 + random.nextInt(3);
            ObjectNode doc = JSON.createObjectNode();
            ArrayNode ls = doc.putArray("listeners");
            List<List<String>> written = new ArrayList<>();
            List<Integer> versions = new ArrayList<>();
            for (int l = 0; l < listeners; l++) {
                // 6, 4, or absent (which means 4).
                Integer version = switch (random.nextInt(3)) {
                    case 0 -> 6;
                    case 1 -> 4;
                    default -> null;
                };
                List<String> ips = new ArrayList<>();
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    ips.add(gen.ip(version != null && version == 6));
                }
                ObjectNode listener = ls.addObject().put("name", "l" + l).put("port", 1 + random.nextInt(65535));
                if (version != null) {
                    listener.put("ip_version", version);
                }
                ips.forEach(listener.putObject("backend").putArray("ip")::add);
                written.add(ips);
                versions.add(version);
            }
            Instance parsed = InstanceDocument.parse(doc).builder().build();
            for (int l = 0; l < listeners; l++) {
                assertThat(parsed.listeners().get(l).backend().ip()).isEqualTo(written.get(l));
                assertThat(parsed.listeners().get(l).ipVersion()).isEqualTo(versions.get(l));
            }

            // One address of one listener replaced: by one of the other version, or by no address at all.
            int l = random.nextInt(listeners);
            int k = random.nextInt(written.get(l).size());
            boolean six = versions.get(l) != null && versions.get(l) == 6;
            boolean otherVersion = random.nextBoolean();
            String bad = otherVersion ? gen.ip(!six) : (random.nextBoolean() ? gen.badIpv4() : gen.badIpv6());
            ArrayNode ips = (ArrayNode) doc.at("/listeners/" + l + "/backend/ip");
            ips.set(k, bad);
            String expected = otherVersion ? (six ? "must be IPv6 addresses" : "must be IPv4 addresses")
                    : "must be an IPv4 or IPv6 address";
            assertThatThrownBy(() -> InstanceDocument.parse(doc)).as(doc.toString())
                    .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                        assertThat(e.parameter()).isEqualTo("listeners[" + l + "].backend.ip");
                        assertThat(e.reason()).startsWith(expected);
                        if (otherVersion) {
                            assertThat(e.reason()).contains(bad);
                        }
                    });
        }
    }
}
