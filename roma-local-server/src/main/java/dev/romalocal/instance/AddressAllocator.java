package dev.romalocal.instance;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out IPv4 addresses of a subnet, lowest free first, never one address twice. An allocation locks the
 * subnet's row (so allocations in one subnet take turns, on any node) and scans the allocated addresses from the
 * subnet's free hint, a lower bound of its lowest free address that releases move down; the primary key on
 * (subnet, address) backs this up. Addresses go back when the instance is deleted or replaced.
 *
 * <p>A subnet ROMA Local does not know gets a CIDR derived from its id: {@code 10.A.B.0/19} with A and B from the
 * SHA-256 of the id (B a multiple of 32): room for 8,189 addresses, 1,637 instances. The network address, the gateway ({@code .1}) and the broadcast address
 * are never handed out.
 */
final class AddressAllocator {
    private static final int SCAN_BATCH = 256;
    /** How far the lowest free address may run ahead of the stored hint before the hint is moved. */
    private static final int HINT_STEP = 128;

    private final SubnetStore store;

    AddressAllocator(SubnetStore store) {
        this.store = store;
    }

    /** The subnet, locked, registering the derived CIDR on first use. */
    private SubnetStore.SubnetRow locked(Handle h, String subnetId) {
        SubnetStore.SubnetRow row = store.subnet(h, subnetId, true).orElse(null);
        if (row == null) {
            String cidr = derivedCidr(subnetId);
            store.insertSubnet(h, subnetId, cidr, Cidr.parse(cidr).firstHost());
            row = store.subnet(h, subnetId, true).orElseThrow();
        }
        return row;
    }

    /** Registers a subnet when it is not known yet (a known one keeps its CIDR). */
    void register(Handle h, String subnetId, String cidr) {
        Cidr c = Cidr.parse(cidr);
        if (store.subnet(h, subnetId, false).isEmpty()) {
            store.insertSubnet(h, subnetId, c.toString(), c.firstHost());
        }
    }

    List<String> allocate(Handle h, String subnetId, String instanceId, int count) {
        SubnetStore.SubnetRow row = locked(h, subnetId);
        Cidr cidr = Cidr.parse(row.cidr());
        long candidate = Math.max(row.freeHint(), cidr.firstHost());
        List<Long> found = new ArrayList<>(count);
        while (found.size() < count && candidate <= cidr.lastHost()) {
            List<Long> taken = store.allocatedFrom(h, subnetId, candidate, SCAN_BATCH);
            for (long t : taken) {
                while (candidate < t && found.size() < count) {
                    found.add(candidate++);
                }
                if (found.size() == count) {
                    break;
                }
                candidate = t + 1;
            }
            if (taken.size() < SCAN_BATCH) {
                while (found.size() < count && candidate <= cidr.lastHost()) {
                    found.add(candidate++);
                }
                break;
            }
        }
        if (found.size() < count) {
            throw new ApiException(ErrorCode.INSTANCE_RESOURCES,
                    "subnet " + subnetId + " (" + cidr + ") has no free addresses left");
        }
        store.allocateAll(h, subnetId, found, instanceId);
        List<String> out = new ArrayList<>(count);
        for (long a : found) {
            out.add(Cidr.format(a));
        }
        // Every address below the last one handed out is now taken. The hint is only moved once it lags a scan
        // batch behind: a lower hint stays true (it costs a scan over at most that many taken addresses), and on
        // PostgreSQL each update of the row is a new row version that a long transaction (a seed of 100,000
        // documents) cannot prune, so updating it for every allocation makes such a seed quadratic.
        long next = found.get(found.size() - 1) + 1;
        if (next - row.freeHint() >= HINT_STEP) {
            store.setFreeHint(h, subnetId, next);
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
        Cidr cidr = Cidr.parse(locked(h, subnetId).cidr());
        long a = Cidr.toLong(address);
        if (a < cidr.firstHost() || a > cidr.lastHost() || store.isAllocated(h, subnetId, a)) {
            return;
        }
        store.allocate(h, subnetId, address, a, instanceId);
    }

    void release(Handle h, String instanceId) {
        store.release(h, instanceId);
    }

    /** Every address goes back (every instance went). */
    void releaseAll(Handle h) {
        store.releaseAll(h);
    }

    static String derivedCidr(String subnetId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(subnetId.getBytes(StandardCharsets.UTF_8));
            return "10." + (d[0] & 0xff) + "." + (d[1] & 0xe0) + ".0/19";
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
