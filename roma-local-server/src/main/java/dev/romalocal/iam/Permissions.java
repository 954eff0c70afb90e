package dev.romalocal.iam;

import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.CoherentCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a user may perform an action on a project (or on its account), from the policies granted to the
 * user's groups: members of the account's {@code admin} group may do everything; otherwise an explicit Deny in any
 * applicable policy wins, then any Allow allows, and nothing else does. A grant on the whole account applies to
 * every project of it; a grant on a project only there.
 *
 * <p>Answered from memory: each user's grants are cached, coherently with the store (any change of groups,
 * memberships, policies or grants clears the cache on every node), and each user's decisions are memoized.
 */
public final class Permissions {
    private static final Logger LOG = LoggerFactory.getLogger(Permissions.class);

    /** The outcome, and why (for the log and the reason header). */
    public record Decision(boolean allowed, String reason) {
    }

    /** A policy granted to one of the user's groups. */
    record Grant(String group, String scopeId, boolean domainScope, String policyName, PolicyDocument policy) {
    }

    /** A user's groups and grants, and the decisions already taken for them (by project, "" for the account). */
    record UserGrants(boolean admin, List<Grant> grants,
                      Map<String, Map<String, Decision>> decisions) {
    }

    private final GrantStore store;
    private final CoherentCache<String, UserGrants> cache;

    public Permissions(GrantStore store, ChangeFeed feed) {
        this.store = store;
        this.cache = CoherentCache.ofSize(20_000, feed::live);
        feed.onChange(ChangeFeed.Kind.IDENTITY, any -> cache.clear());
        feed.onChange(ChangeFeed.Kind.USER, cache::invalidate);
        feed.onReset(cache::clear);
    }

    /**
     * The decision for {@code userId} of account {@code domainId} doing {@code action} on {@code projectId} (null: on
     * the account itself, where only grants on the whole account apply).
     */
    public Decision decide(String userId, String domainId, String projectId, String action) {
        UserGrants g = cache.get(userId, this::load);
        if (g.admin()) {
            return ADMIN;
        }
        Map<String, Decision> byAction = g.decisions().get(projectId == null ? "" : projectId);
        Decision d = byAction == null ? null : byAction.get(action);
        if (d == null) {
            d = evaluate(g, domainId, projectId, action);
            if (g.decisions().size() < 1_024) {
                Map<String, Decision> m = g.decisions().computeIfAbsent(projectId == null ? "" : projectId,
                        p -> new ConcurrentHashMap<>());
                if (m.size() < 1_024) {
                    m.put(action, d);
                }
            }
        }
        return d;
    }

    private static final Decision ADMIN = new Decision(true, "member of the account's admin group");

    static Decision evaluate(UserGrants g, String domainId, String projectId, String action) {
        if (g.admin()) {
            return ADMIN;
        }
        String allowedBy = null;
        for (Grant grant : g.grants()) {
            boolean applies = grant.domainScope() ? grant.scopeId().equals(domainId)
                    : projectId != null && grant.scopeId().equals(projectId);
            if (!applies) {
                continue;
            }
            for (PolicyDocument.Statement s : grant.policy().statements()) {
                if (s.covers(action)) {
                    if (!s.allow()) {
                        return new Decision(false, action + " denied by policy '" + grant.policyName()
                                + "' granted to group '" + grant.group() + "'");
                    }
                    if (allowedBy == null) {
                        allowedBy = grant.policyName();
                    }
                }
            }
        }
        if (allowedBy != null) {
            return new Decision(true, action + " allowed by policy '" + allowedBy + "'");
        }
        return new Decision(false, "no policy granted to the user's groups allows " + action
                + (projectId == null ? " on the account" : " on project " + projectId));
    }

    private UserGrants load(String userId) {
        boolean admin = false;
        List<Grant> grants = new ArrayList<>();
        for (GrantStore.GrantRow row : store.grantsOf(userId)) {
            if (SystemPolicies.ADMIN_GROUP.equals(row.groupName())) {
                admin = true;
            }
            if (row.roleId() == null) {
                continue;
            }
            try {
                grants.add(new Grant(row.groupName(), row.scopeId(), Boolean.TRUE.equals(row.domainScope()),
                        row.displayName(), PolicyDocument.parse(row.policy(), "policy")));
            } catch (RuntimeException e) {
                // Stored policies were validated when written; one that no longer parses grants nothing.
                LOG.warn("policy {} granted to group '{}' cannot be read; it grants nothing: {}", row.roleId(),
                        row.groupName(), e.getMessage());
            }
        }
        return new UserGrants(admin, List.copyOf(grants),
                new ConcurrentHashMap<>());
    }

    /** The caches, by name (metrics: docs/metrics.md). */
    public java.util.Map<String, CoherentCache<?, ?>> caches() {
        return java.util.Map.of("grants", cache);
    }
}
