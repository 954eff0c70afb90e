package dev.romalocal.instance;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hands out IPv4 addresses of a subnet, lowest free first, never one address twice: every allocation is a row
 * whose primary key is (subnet, address), so two transactions (on any node) racing for an address cannot both win;
 * the loser retries ({@link dev.romalocal.store.Retry}). Addresses go back when the instance is deleted or replaced.
 *
 * <p>A subnet ROMA Local does not know gets a CIDR derived from its id: {@code 10.A.B.0/20} with A and B from the
 * SHA-256 of the id (B a multiple of 16). The network address, the gateway ({@code .1}) and the broadcast address
 * are never handed out.
 */
final class AddressAllocator {
    private final InstanceStore store;

    AddressAllocator(InstanceStore store) {
        this.store = store;
    }

    /** The subnet's CIDR, registering the derived one on first use. */
    Cidr cidr(Handle h, String subnetId) {
        String cidr = store.subnetCidr(h, subnetId).orElse(null);
        if (cidr == null) {
            cidr = derivedCidr(subnetId);
            store.insertSubnet(h, subnetId, cidr);
        }
        return Cidr.parse(cidr);
    }

    /** Registers a known subnet (or fails when it is known with another CIDR). */
    void register(Handle h, String subnetId, String cidr) {
        Cidr.parse(cidr);
        String known = store.subnetCidr(h, subnetId).orElse(null);
        if (known == null) {
            store.insertSubnet(h, subnetId, cidr);
        }
    }

    List<String> allocate(Handle h, String subnetId, String instanceId, int count) {
        Cidr cidr = cidr(h, subnetId);
        Set<String> taken = store.allocated(h, subnetId);
        List<String> out = new ArrayList<>(count);
        for (long a = cidr.firstHost(); a <= cidr.lastHost() && out.size() < count; a++) {
            String address = Cidr.format(a);
            if (!taken.contains(address)) {
                store.allocate(h, subnetId, address, instanceId);
                out.add(address);
            }
        }
        if (out.size() < count) {
            throw new ApiException(ErrorCode.INSTANCE_RESOURCES,
                    "subnet " + subnetId + " (" + cidr + ") has no free addresses left");
        }
        return out;
    }

    /**
     * Records an address a document gave explicitly, so that the allocator never hands it out; an address outside
     * the subnet or already held by another instance is left as given, unrecorded.
     */
    void claim(Handle h, String subnetId, String address, String instanceId) {
        if (address == null) {
            return;
        }
        Cidr cidr = cidr(h, subnetId);
        long a = Cidr.toLong(address);
        if (a < cidr.firstHost() || a > cidr.lastHost() || store.holder(h, subnetId, address).isPresent()) {
            return;
        }
        store.allocate(h, subnetId, address, instanceId);
    }

    void release(Handle h, String instanceId) {
        store.release(h, instanceId);
    }

    static String derivedCidr(String subnetId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(subnetId.getBytes(StandardCharsets.UTF_8));
            return "10." + (d[0] & 0xff) + "." + (d[1] & 0xf0) + ".0/20";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An IPv4 CIDR block. */
    record Cidr(long network, int prefix) {
        static Cidr parse(String s) {
            int slash = s.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("not a CIDR: " + s);
            }
            int prefix = Integer.parseInt(s.substring(slash + 1));
            if (prefix < 8 || prefix > 29) {
                throw new IllegalArgumentException("CIDR prefix must be 8 to 29: " + s);
            }
            long mask = (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return new Cidr(toLong(s.substring(0, slash)) & mask, prefix);
        }

        long firstHost() {
            return network + 2;
        }

        long lastHost() {
            return network + (1L << (32 - prefix)) - 2;
        }

        boolean contains(String address) {
            long a = toLong(address);
            return a >= network && a < network + (1L << (32 - prefix));
        }

        static long toLong(String ip) {
            String[] p = ip.split("\\.");
            if (p.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            long v = 0;
            for (String part : p) {
                int octet = Integer.parseInt(part);
                if (octet < 0 || octet > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + ip);
                }
                v = (v << 8) | octet;
            }
            return v;
        }

        static String format(long a) {
            return ((a >> 24) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 8) & 0xff) + "." + (a & 0xff);
        }

        @Override
        public String toString() {
            return format(network) + "/" + prefix;
        }
    }
}
