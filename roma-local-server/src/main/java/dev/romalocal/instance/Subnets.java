package dev.romalocal.instance;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import org.jdbi.v3.core.Handle;

import java.util.Map;

/**
 * The subnets ROMA Local knows and the public addresses (EIPs) it hands out: what the control API's subnet routes
 * and {@code --subnet} settings change. Addresses inside a subnet come from the {@link AddressAllocator}.
 */
public final class Subnets {
    /** The pool public addresses (EIPs) are handed out from. */
    static final String EIP_POOL = "roma-local-eip-pool";
    static final String EIP_POOL_CIDR = "100.85.0.0/16";

    private final SubnetStore store;
    private final AddressAllocator allocator;

    Subnets(SubnetStore store, AddressAllocator allocator) {
        this.store = store;
        this.allocator = allocator;
    }

    /**
     * Makes a subnet's CIDR known. A subnet already known keeps its CIDR unless no address of it is in use;
     * otherwise a different CIDR is a conflict.
     */
    public void register(String subnetId, String cidr) {
        Rules.refId("subnet_id", subnetId);
        String normalized;
        try {
            normalized = AddressAllocator.Cidr.parse(cidr).toString();
        } catch (RuntimeException e) {
            throw new InvalidParameterException("cidr", "must be an IPv4 CIDR with a prefix from 8 to 29");
        }
        long first = AddressAllocator.Cidr.parse(normalized).firstHost();
        store.transaction(h -> {
            SubnetStore.SubnetRow known = store.subnet(h, subnetId, true).orElse(null);
            if (known == null) {
                store.insertSubnet(h, subnetId, normalized, first);
            } else if (!known.cidr().equals(normalized)) {
                if (store.hasAllocations(h, subnetId)) {
                    throw new ApiException(ErrorCode.SUBNET_IN_USE, subnetId + " is " + known.cidr());
                }
                store.updateSubnet(h, subnetId, normalized, first);
            }
            return null;
        });
    }

    /** Known subnets and their CIDRs, by id. */
    public Map<String, String> list() {
        return store.subnets();
    }

    /** Allocates a public address (EIP) for an instance, in the caller's transaction. */
    public String allocateEip(Handle h, String instanceId) {
        allocator.register(h, EIP_POOL, EIP_POOL_CIDR);
        return allocator.allocate(h, EIP_POOL, instanceId, 1).get(0);
    }
}
