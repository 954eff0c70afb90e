package dev.romalocal.iam;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.store.Retry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * Identity management as Huawei Cloud IAM offers it: users (create, show, update, list, delete), groups and their
 * members, and, as an extension, whole accounts. Everything is limited to the caller's account: a user or group of
 * another account is not found (404), whatever its id.
 *
 * <p>Changes take effect on the next request, on every node: disabling or deleting a user or changing its password
 * revokes its tokens and drops its cached tokens and keys ({@code USER} on the change feed); any change of groups
 * or memberships clears the permission cache ({@code IDENTITY}).
 *
 * <p>Passwords are hashed like the built-in administrator's (PBKDF2), on the password pool ({@link PasswordChecks}),
 * outside any transaction.
 */
public final class UserService {
    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A password hash no password matches (a user created without a password cannot log in with one). */
    static final String NO_PASSWORD = "none";
    /** The description of the access key an account is created with. */
    public static final String ACCOUNT_KEY = "created with the account";

    /** An account created through {@code POST /_roma_local/accounts}, with its secret key (shown once). */
    public record NewAccount(String domainId, String domainName, String projectId, String projectName,
                             String userId, String userName, String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "NewAccount[" + domainName + ", accessKey=" + accessKey + ", secretKey=***]";
        }
    }

    private final UserStore users;
    private final IamStore iam;
    private final GrantStore grants;
    private final SecretSealer sealer;
    private final PasswordChecks passwords;
    private final Clock clock;
    private final String projectName;
    private final String builtInDomainId;

    /**
     * @param projectName     the name (region) of the project every new account gets, as the built-in one's
     * @param builtInDomainId the configured account: it cannot be deleted through the API
     */
    public UserService(UserStore users, IamStore iam, GrantStore grants, SecretSealer sealer,
                       PasswordChecks passwords, Clock clock, String projectName, String builtInDomainId) {
        this.users = users;
        this.iam = iam;
        this.grants = grants;
        this.sealer = sealer;
        this.passwords = passwords;
        this.clock = clock;
        this.projectName = projectName;
        this.builtInDomainId = builtInDomainId;
    }

    // --- users -------------------------------------------------------------------------------------------------

    /** {@code CreateUser}: a user of the caller's account, enabled unless asked otherwise. */
    public UserStore.UserDetail createUser(Principal caller, IdentityRequests.CreateUserOption in) {
        if (!in.domainId().equals(caller.domainId())) {
            throw forbidden("create a user in another account").reason("user.domain_id " + in.domainId()
                    + " is not the caller's account " + caller.domainId() + " ('" + caller.domainName() + "')");
        }
        String hash = NO_PASSWORD;
        if (in.password() != null) {
            checkPasswordIsNotName(in.password(), in.name());
            hash = hash(in.password());
        }
        String finalHash = hash;
        String id = randomHexId();
        long now = clock.millis();
        return Retry.onConflict(() -> users.inTransaction(h -> {
            if (users.userNameTaken(h, caller.domainId(), in.name())) {
                throw new ApiException(ErrorCode.IAM_USER_NAME_EXISTS)
                        .reason("account '" + caller.domainName() + "' already has a user named '" + in.name() + "'");
            }
            users.insertUser(h, new UserStore.NewUser(id, caller.domainId(), in.name(), finalHash,
                    in.enabled() == null || in.enabled(), in.description() == null ? "" : in.description(),
                    in.email() == null || in.email().isEmpty() ? null : in.email(), now));
            return users.user(h, caller.domainId(), id, false).orElseThrow();
        }));
    }

    /** {@code ShowUser}: a user of the caller's account, or 404. */
    public UserStore.UserDetail user(Principal caller, String userId) {
        return users.user(caller.domainId(), userId).orElseThrow(() -> userNotFound(caller, userId));
    }

    /**
     * {@code KeystoneListUsers}: the users of the caller's account. A {@code domain_id} filter naming another
     * account finds nothing; so does a {@code password_expires_at} filter (passwords never expire here).
     */
    public List<UserStore.UserDetail> users(Principal caller, String domainId, String name, Boolean enabled,
                                            boolean passwordExpiryFilter) {
        if ((domainId != null && !domainId.equals(caller.domainId())) || passwordExpiryFilter
                || !IamService.nameable(name)) {
            return List.of();
        }
        return users.users(caller.domainId(), name, enabled);
    }

    /**
     * {@code UpdateUser}: name, description, email, enabled, password. Disabling revokes the user's tokens; a new
     * password too (and must differ from the old one). No user disables itself; the account's administrator is
     * never disabled, and the built-in one keeps its configured name.
     */
    public UserStore.UserDetail updateUser(Principal caller, String userId, IdentityRequests.UpdateUserOption in) {
        UserStore.UserDetail current = user(caller, userId);
        if (in.name() != null && !in.name().equals(current.name())) {
            if (current.admin()) {
                throw forbidden("rename the built-in administrator").reason("the built-in administrator's name "
                        + "comes from the configuration (--admin-user) and is applied at every start");
            }
        }
        if (Boolean.FALSE.equals(in.enabled())) {
            if (userId.equals(caller.userId())) {
                throw forbidden("disable yourself").reason("user '" + caller.userName() + "' cannot disable itself");
            }
            if (current.owner()) {
                throw forbidden("disable the account administrator").reason("user '" + current.name()
                        + "' is the administrator of account '" + caller.domainName() + "'");
            }
        }
        String newHash = null;
        if (in.password() != null) {
            checkPasswordIsNotName(in.password(), in.name() != null ? in.name() : current.name());
            try (PasswordChecks.Ticket ticket = passwords.admit()) {
                String old = users.passwordHash(caller.domainId(), userId).orElse(NO_PASSWORD);
                if (ticket.verify(in.password(), old)) {
                    throw new ApiException(ErrorCode.IAM_PASSWORD_UNCHANGED);
                }
                newHash = ticket.hash(in.password());
            }
        }
        String hash = newHash;
        long now = clock.millis();
        UserStore.UserDetail updated = Retry.onConflict(() -> users.inTransaction(h -> {
            UserStore.UserDetail u = users.user(h, caller.domainId(), userId, true)
                    .orElseThrow(() -> userNotFound(caller, userId));
            if (in.name() != null && !in.name().equals(u.name()) && users.userNameTaken(h, u.domainId(), in.name())) {
                throw new ApiException(ErrorCode.IAM_USER_NAME_EXISTS)
                        .reason("account '" + caller.domainName() + "' already has a user named '" + in.name() + "'");
            }
            users.updateProfile(h, userId, in.name(), in.description(), in.email());
            if (hash != null) {
                users.setPassword(h, userId, hash, now);
                iam.revokeTokensOf(h, userId);
            }
            if (Boolean.FALSE.equals(in.enabled()) && u.enabled()) {
                iam.disableUser(h, userId);
            } else if (Boolean.TRUE.equals(in.enabled()) && !u.enabled()) {
                users.enable(h, userId);
            }
            return users.user(h, caller.domainId(), userId, false).orElseThrow();
        }));
        if (hash != null) {
            LOG.info("password of user '{}' of account '{}' changed by '{}': its tokens are revoked", updated.name(),
                    caller.domainName(), caller.userName());
        }
        if (Boolean.FALSE.equals(in.enabled()) && current.enabled()) {
            LOG.info("user '{}' of account '{}' disabled by '{}': its tokens are revoked, its keys refused",
                    updated.name(), caller.domainName(), caller.userName());
        }
        return updated;
    }

    /**
     * {@code KeystoneDeleteUser}: removes a user with its memberships, tokens and access keys. No user deletes
     * itself; the account's administrator cannot be deleted.
     */
    public void deleteUser(Principal caller, String userId) {
        Retry.onConflict(() -> users.inTransaction(h -> {
            UserStore.UserDetail u = users.user(h, caller.domainId(), userId, true)
                    .orElseThrow(() -> userNotFound(caller, userId));
            if (u.id().equals(caller.userId())) {
                throw forbidden("delete yourself").reason("user '" + caller.userName() + "' cannot delete itself");
            }
            if (u.owner()) {
                throw new ApiException(ErrorCode.IAM_OWNER_UNDELETABLE).reason("user '" + u.name()
                        + "' is the administrator of account '" + caller.domainName() + "'");
            }
            users.deleteUser(h, u);
            return null;
        }));
        LOG.info("user {} of account '{}' deleted by '{}'", userId, caller.domainName(), caller.userName());
    }

    // --- groups ------------------------------------------------------------------------------------------------

    /** {@code KeystoneCreateGroup}: a group of the caller's account (domain_id, when given, must be it). */
    public UserStore.GroupRow createGroup(Principal caller, IdentityRequests.GroupOption in) {
        if (in.domainId() != null && !in.domainId().equals(caller.domainId())) {
            throw forbidden("create a group in another account").reason("group.domain_id " + in.domainId()
                    + " is not the caller's account " + caller.domainId());
        }
        UserStore.GroupRow g = new UserStore.GroupRow(randomHexId(), caller.domainId(), in.name(),
                in.description() == null ? "" : in.description(), clock.millis());
        return Retry.onConflict(() -> users.inTransaction(h -> {
            if (users.groupNameTaken(h, caller.domainId(), in.name())) {
                throw new ApiException(ErrorCode.IAM_GROUP_NAME_EXISTS, in.name());
            }
            users.insertGroup(h, g);
            return g;
        }));
    }

    public List<UserStore.GroupRow> groups(Principal caller, String domainId, String name) {
        if ((domainId != null && !domainId.equals(caller.domainId())) || !IamService.nameable(name)) {
            return List.of();
        }
        return users.groups(caller.domainId(), name);
    }

    public UserStore.GroupRow group(Principal caller, String groupId) {
        return users.group(caller.domainId(), groupId).orElseThrow(() -> groupNotFound(caller, groupId));
    }

    /** {@code KeystoneDeleteGroup}: the group, its memberships and its grants, at once; never the admin group. */
    public void deleteGroup(Principal caller, String groupId) {
        Retry.onConflict(() -> users.inTransaction(h -> {
            UserStore.GroupRow g = users.group(h, caller.domainId(), groupId, true)
                    .orElseThrow(() -> groupNotFound(caller, groupId));
            if (g.name().equals(SystemPolicies.ADMIN_GROUP)) {
                throw forbidden("delete the admin group").reason("every account keeps its '"
                        + SystemPolicies.ADMIN_GROUP + "' group");
            }
            users.deleteGroup(h, g);
            return null;
        }));
    }

    /** {@code KeystoneAddUserToGroup}: idempotent. */
    public void addMember(Principal caller, String groupId, String userId) {
        Retry.onConflict(() -> users.inTransaction(h -> {
            UserStore.GroupRow g = users.group(h, caller.domainId(), groupId, true)
                    .orElseThrow(() -> groupNotFound(caller, groupId));
            users.user(h, caller.domainId(), userId, true).orElseThrow(() -> userNotFound(caller, userId));
            if (!users.isMember(h, g.id(), userId)) {
                users.addMember(h, g, userId);
            }
            return null;
        }));
    }

    /** {@code KeystoneRemoveUserFromGroup}: 404 when not a member; the account's administrator stays an admin. */
    public void removeMember(Principal caller, String groupId, String userId) {
        Retry.onConflict(() -> users.inTransaction(h -> {
            UserStore.GroupRow g = users.group(h, caller.domainId(), groupId, true)
                    .orElseThrow(() -> groupNotFound(caller, groupId));
            UserStore.UserDetail u = users.user(h, caller.domainId(), userId, true)
                    .orElseThrow(() -> userNotFound(caller, userId));
            if (g.name().equals(SystemPolicies.ADMIN_GROUP) && u.owner()) {
                throw forbidden("remove the account administrator from the admin group").reason("user '"
                        + u.name() + "' is the administrator of account '" + caller.domainName() + "'");
            }
            if (!users.removeMember(h, g, userId)) {
                throw new ApiException(ErrorCode.IAM_MEMBER_NOT_FOUND, userId, groupId);
            }
            return null;
        }));
    }

    /** {@code KeystoneListUsersForGroupByAdmin}. */
    public List<UserStore.UserDetail> members(Principal caller, String groupId) {
        return users.members(group(caller, groupId).id());
    }

    // --- accounts (extension) ----------------------------------------------------------------------------------

    /**
     * {@code POST /_roma_local/accounts}: an account with one project (named like the built-in one), its
     * administrator (in its {@code admin} group; the user's id is the account's id, which marks it as the account's
     * administrator) and an access key, whose secret is returned once and stored sealed.
     */
    public NewAccount createAccount(IdentityRequests.CreateAccount in) {
        String userName = in.administrator();
        checkPasswordIsNotName(in.password(), userName);
        if (users.inTransaction(h -> users.domainNameTaken(h, in.name()))) {
            throw new ApiException(ErrorCode.ACCOUNT_NAME_EXISTS, in.name()); // before the hash: it costs
        }
        String hash = hash(in.password());
        String domainId = randomHexId();
        String projectId = randomHexId();
        String accessKey = randomKey(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        String secretKey = randomKey(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
        String sealed = sealer.seal(secretKey);
        long now = clock.millis();
        Retry.onConflict(() -> users.inTransaction(h -> {
            if (users.domainNameTaken(h, in.name())) {
                throw new ApiException(ErrorCode.ACCOUNT_NAME_EXISTS, in.name());
            }
            iam.insertDomain(h, new IamStore.DomainRow(domainId, in.name()));
            iam.upsertProject(h, new IamStore.ProjectRow(projectId, projectName, domainId,
                    "ROMA Local project " + projectName, true));
            users.insertUser(h, new UserStore.NewUser(domainId, domainId, userName, hash, true,
                    "administrator of account " + in.name(), null, now));
            users.insertAccessKey(h, accessKey, domainId, sealed, ACCOUNT_KEY, now);
            grants.ensureSystemPolicies(h, now);
            grants.ensureAdminMember(h, domainId, domainId, randomHexId(), now);
            return null;
        }));
        LOG.info("account '{}' created (domain {}, project {}, administrator '{}', access key {})", in.name(),
                domainId, projectId, userName, accessKey);
        return new NewAccount(domainId, in.name(), projectId, projectName, domainId, userName, accessKey, secretKey);
    }

    public List<UserStore.AccountRow> accounts() {
        return users.accounts();
    }

    public boolean isBuiltIn(String domainId) {
        return builtInDomainId.equals(domainId);
    }

    /**
     * {@code DELETE /_roma_local/accounts/{domain_id}}: removes the account and everything of it (users, their
     * tokens and keys, groups, grants, custom policies, projects). Refused while any of its projects holds an
     * instance, and always for the built-in account.
     */
    public void deleteAccount(String domainId) {
        if (isBuiltIn(domainId)) {
            throw new ApiException(ErrorCode.ACCOUNT_BUILT_IN)
                    .reason("account " + domainId + " is the configured one (--domain)");
        }
        Retry.onConflict(() -> users.inTransaction(h -> {
            long instances = users.lockAccountAndCountInstances(h, domainId);
            if (instances < 0) {
                throw new ApiException(ErrorCode.IAM_DOMAIN_NOT_FOUND, domainId);
            }
            if (instances > 0) {
                throw new ApiException(ErrorCode.ACCOUNT_HAS_INSTANCES, instances + " instance(s)")
                        .reason("remove them first with the account's own credentials "
                                + "(DELETE /_roma_local/projects/{project_id}/instances/{instance_id})");
            }
            users.deleteAccount(h, domainId);
            return null;
        }));
        LOG.info("account {} deleted with its users, keys, groups, grants and projects", domainId);
    }

    // --- checks ------------------------------------------------------------------------------------------------

    private String hash(String password) {
        try (PasswordChecks.Ticket ticket = passwords.admit()) {
            return ticket.hash(password);
        }
    }

    /** The password rule's part that needs the user's name (the rest is {@link IdentityRule#PASSWORD}). */
    static void checkPasswordIsNotName(String password, String userName) {
        if (userName != null && (password.equalsIgnoreCase(userName)
                || password.equalsIgnoreCase(new StringBuilder(userName).reverse().toString()))) {
            throw new ApiException(ErrorCode.IAM_PASSWORD_INVALID)
                    .reason("a password is not the user name, forwards or backwards");
        }
    }

    private static ApiException forbidden(String what) {
        return new ApiException(ErrorCode.IAM_FORBIDDEN_ACTION, what);
    }

    private static ApiException userNotFound(Principal caller, String userId) {
        return new ApiException(ErrorCode.IAM_USER_NOT_FOUND, userId).reason("no user " + userId + " in account '"
                + caller.domainName() + "'");
    }

    private static ApiException groupNotFound(Principal caller, String groupId) {
        return new ApiException(ErrorCode.IAM_GROUP_NOT_FOUND, groupId).reason("no group " + groupId
                + " in account '" + caller.domainName() + "'");
    }

    private static String randomKey(int length, String alphabet) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static String randomHexId() {
        return IamService.randomHexId();
    }
}
