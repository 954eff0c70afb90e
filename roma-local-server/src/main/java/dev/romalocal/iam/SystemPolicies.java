package dev.romalocal.iam;

import java.util.List;

/**
 * The system policies every account can grant, as IAM lists them ({@code GET /v3/roles}): "ROMA FullAccess" and
 * "ROMA ReadOnlyAccess". Stored as roles without a domain, written at every start.
 */
public final class SystemPolicies {
    /** A system policy: fixed id, IAM's internal name, the display name users grant it by, and its document. */
    public record SystemPolicy(String id, String name, String displayName, String description, String policy) {
    }

    public static final SystemPolicy FULL_ACCESS = new SystemPolicy("4f3d3c8a1d1e4b0f9a6c2e7b5d8f0a11",
            "roma_fullaccess_policy", "ROMA FullAccess", "All permissions for ROMA Connect.",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:*\"]}]}");
    public static final SystemPolicy READ_ONLY = new SystemPolicy("4f3d3c8a1d1e4b0f9a6c2e7b5d8f0a12",
            "roma_readonlyaccess_policy", "ROMA ReadOnlyAccess", "Read-only permissions for ROMA Connect.",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:get\",\"roma:*:list\"]}]}");

    public static final List<SystemPolicy> ALL = List.of(FULL_ACCESS, READ_ONLY);

    /** The catalog, type and name of the group every account has whose members manage identity. */
    public static final String CATALOG = "ROMA";
    public static final String TYPE = "XA";
    public static final String ADMIN_GROUP = "admin";

    private SystemPolicies() {
    }
}
