package dev.romalocal.iam;

import dev.romalocal.config.Settings;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.store.Retry;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Identity: the built-in account, project, admin user and AK/SK (applied at every start), password tokens
 * (Keystone-style) and project discovery.
 */
public final class IamService {
    private static final Logger LOG = LoggerFactory.getLogger(IamService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when a user does not exist, so that unknown users cost as much time as wrong passwords. */
    private static final class Dummy {
        static final String HASH = PasswordHasher.hash("roma-local-dummy-password");
    }

    /** The identity applied at start. */
    public record BuiltIn(String domainId, String domainName, String projectId, String projectName, String userId,
                          String userName, String accessKey) {
    }

    /** A freshly issued token and its description. */
    public record Issued(String token, TokenView view) {
    }

    private final IamStore store;
    private final GrantStore grants;
    private final SecretSealer sealer;
    private final Clock clock;
    private final Duration tokenTtl;
    private final PasswordChecks passwordChecks;
    /** Completes once the configured admin password is hashed (or checked) in the store. */
    private volatile java.util.concurrent.CompletableFuture<Void> passwordApplied =
            java.util.concurrent.CompletableFuture.completedFuture(null);
    /** The password step {@link #bootstrap} left to {@link #applyPasswordInBackground}, or null. */
    private volatile Runnable pendingPassword;

    public IamService(IamStore store, GrantStore grants, SecretSealer sealer, Clock clock, Duration tokenTtl) {
        this(store, grants, sealer, clock, tokenTtl, PasswordChecks.forThisMachine());
    }

    public IamService(IamStore store, GrantStore grants, SecretSealer sealer, Clock clock, Duration tokenTtl,
                      PasswordChecks passwordChecks) {
        this.passwordChecks = passwordChecks;
        this.grants = grants;
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
        this.tokenTtl = tokenTtl;
    }

    /**
     * Applies the configured identity exactly: creates or updates it, and disables whatever an earlier
     * configuration left behind (another account name, admin user or access key). A disabled user can neither get
     * a token nor use an old one (its tokens are revoked), a disabled access key answers 401, and an account name
     * no longer configured has no enabled user left, so password logins naming it fail. A changed secret key
     * replaces the stored one at once. Idempotent under concurrency: nodes starting together on an empty store
     * race on the same unique keys, and the loser runs the transaction again and finds the winner's rows.
     *
     * <p>Everything is applied before this returns except the admin password: hashing or checking it is slow by
     * design (PBKDF2), so it completes in the background, and token requests wait for it (a changed password
     * revokes the user's tokens then).
     */
    public BuiltIn bootstrap(Settings.Identity id) {
        Applied applied = Retry.onConflict(() -> store.inTransaction(h -> applyIdentity(h, id)));
        applied.retiredUsers().forEach(name ->
                LOG.info("user '{}' is no longer configured: disabled, its tokens revoked", name));
        applied.retiredKeys().forEach(key -> LOG.info("access key {} is no longer configured: disabled", key));
        BuiltIn builtIn = applied.builtIn();
        String password = id.adminPassword();
        passwordApplied = new java.util.concurrent.CompletableFuture<>();
        pendingPassword = () -> applyPassword(builtIn.userId(), password);
        return builtIn;
    }

    /**
     * Starts hashing (or checking) the configured admin password in the background, left by {@link #bootstrap}.
     * The server calls it a little after it listens: PBKDF2 is ~0.2 s of CPU, which on one core would delay the
     * start and the first requests, and only password logins need it (they start it and wait for it). Idempotent.
     */
    public synchronized void applyPasswordInBackground() {
        Runnable step = pendingPassword;
        if (step == null) {
            return;
        }
        pendingPassword = null;
        java.util.concurrent.CompletableFuture<Void> done = passwordApplied;
        java.util.concurrent.CompletableFuture.runAsync(step).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        });
    }

    /** What one bootstrap transaction did: the identity, and what it retired (logged once it committed). */
    private record Applied(BuiltIn builtIn, List<String> retiredUsers, List<String> retiredKeys) {
    }

    private Applied applyIdentity(Handle h, Settings.Identity id) {
        IamStore.DomainRow domain = store.domainByName(h, id.domainName()).orElseGet(() -> {
            IamStore.DomainRow d = new IamStore.DomainRow(randomHexId(), id.domainName());
            store.insertDomain(h, d);
            return d;
        });
        store.upsertProject(h, new IamStore.ProjectRow(id.projectId(), id.projectName(), domain.id(),
                "ROMA Local project " + id.projectName(), true));
        IamStore.UserRow user = store.userByName(h, domain.id(), id.adminUser()).orElse(null);
        if (user == null) {
            // No password can match this until the background step stores the real hash.
            user = new IamStore.UserRow(randomHexId(), domain.id(), id.adminUser(), PENDING_HASH, true, true);
            store.insertUser(h, user);
        } else if (!user.admin() || !user.enabled()) {
            store.setAdmin(h, user.id(), true);
        }
        Optional<IamStore.AccessKeyRow> existing = store.accessKey(h, id.accessKey());
        boolean current = existing.isPresent() && existing.get().enabled()
                && existing.get().userId().equals(user.id())
                && unsealsTo(existing.get().secretSealed(), id.secretKey());
        if (!current) {
            store.upsertAccessKey(h, new IamStore.AccessKeyRow(id.accessKey(), user.id(),
                    sealer.seal(id.secretKey()), true, clock.millis()));
        }
        grants.ensureSystemPolicies(h, clock.millis());
        grants.ensureAdminMember(h, domain.id(), user.id(), randomHexId(), clock.millis());
        List<String> retiredUsers = new java.util.ArrayList<>();
        for (IamStore.UserRow old : store.otherEnabledUsers(h, user.id())) {
            store.disableUser(h, old.id());
            retiredUsers.add(old.name());
        }
        List<String> retiredKeys = store.otherEnabledAccessKeys(h, id.accessKey());
        retiredKeys.forEach(oldKey -> store.disableAccessKey(h, oldKey));
        return new Applied(new BuiltIn(domain.id(), domain.name(), id.projectId(), id.projectName(), user.id(),
                user.name(), id.accessKey()), retiredUsers, retiredKeys);
    }

    private static final String PENDING_HASH = "pending";

    private void applyPassword(String userId, String password) {
        try {
            store.inTransaction(h -> {
                IamStore.UserRow user = store.user(userId).orElseThrow();
                if (!PasswordHasher.verify(password, user.passwordHash())) {
                    store.updatePassword(h, userId, PasswordHasher.hash(password));
                    if (!PENDING_HASH.equals(user.passwordHash())) {
                        store.revokeTokensOf(h, userId);
                        LOG.info("admin password changed by configuration: earlier tokens of '{}' revoked",
                                user.name());
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("cannot apply the admin password: {}", dev.romalocal.store.Redact.describe(e));
            throw e;
        }
    }

    /** The pool password hashes and checks run on (shared by logins and password changes). */
    public PasswordChecks passwordChecks() {
        return passwordChecks;
    }

    /**
     * At close: waits for a password step under way; one not started yet is dropped (the next start applies it, as
     * the stored hash is still the earlier one), and anything that would wait for it is told the server closed.
     */
    public void settlePasswordStep() {
        java.util.concurrent.CompletableFuture<Void> started;
        synchronized (this) {
            if (pendingPassword != null) {
                pendingPassword = null;
                passwordApplied.completeExceptionally(new IllegalStateException(
                        "the server closed before the admin password was applied"));
                return;
            }
            started = passwordApplied;
        }
        started.join();
    }

    /** Waits until the configured admin password is in the store (token requests need it). */
    public void awaitPasswordApplied() {
        applyPasswordInBackground();
        passwordApplied.join();
    }

    private boolean unsealsTo(String sealed, String secret) {
        try {
            return sealer.unseal(sealed).equals(secret);
        } catch (SecretSealer.UnsealException e) {
            LOG.warn("the stored secret key could not be unsealed with this node's master key: it is sealed again "
                    + "under this one (nodes sharing this store with another master key can no longer use it)");
            return false;
        }
    }

    /**
     * Issues a token for an {@link AuthRequest}: the password method checks a password (slow: PBKDF2 on the password
     * pool; call off the event loop; throws {@link PasswordChecks.Throttled} when too many logins are being checked
     * already); the token method exchanges a valid token for a new one, which expires no later than the one it came
     * from (as Keystone does), typically to change the scope.
     */
    public Issued issueToken(AuthRequest req, String baseUrl, boolean withCatalog) {
        if (req.method() == AuthRequest.Method.TOKEN) {
            return issueFromToken(req, baseUrl, withCatalog);
        }
        awaitPasswordApplied();
        IamStore.UserRow user;
        try (PasswordChecks.Ticket ticket = passwordChecks.admit()) {
            user = findUser(req);
            if (user == null || !user.enabled()) {
                ticket.verify(req.password(), Dummy.HASH);
                throw new ApiException(ErrorCode.IAM_AUTH_FAILED);
            }
            if (!ticket.verify(req.password(), user.passwordHash())) {
                throw new ApiException(ErrorCode.IAM_AUTH_FAILED);
            }
        }
        IamStore.DomainRow domain = store.domain(user.domainId()).orElseThrow();
        return issue(new IamStore.UserIdentity(user.id(), user.name(), domain.id(), domain.name(), user.admin(),
                user.enabled()), req.scope(), "password", Long.MAX_VALUE, baseUrl, withCatalog);
    }

    private Issued issueFromToken(AuthRequest req, String baseUrl, boolean withCatalog) {
        String presented = req.token();
        IamStore.TokenIdentity t = presented.length() > 16_384 ? null
                : store.tokenIdentity(Authenticator.tokenHash(presented)).orElse(null);
        if (t == null) {
            throw new ApiException(ErrorCode.IAM_TOKEN_AUTH_FAILED).reason("the token in auth.identity.token.id "
                    + "was never issued (or was removed after it expired)");
        }
        if (t.revoked()) {
            throw new ApiException(ErrorCode.IAM_TOKEN_AUTH_FAILED)
                    .reason("the token in auth.identity.token.id was revoked");
        }
        if (clock.millis() >= t.expiresAt()) {
            throw new ApiException(ErrorCode.IAM_TOKEN_AUTH_FAILED)
                    .reason("the token in auth.identity.token.id expired at " + TokenView.time(t.expiresAt()));
        }
        if (!t.enabled()) {
            throw new ApiException(ErrorCode.IAM_TOKEN_AUTH_FAILED)
                    .reason("the user '" + t.userName() + "' of the token in auth.identity.token.id is disabled");
        }
        return issue(t.user(), req.scope(), "token", t.expiresAt(), baseUrl, withCatalog);
    }

    /** Resolves the scope within the user's account and stores a new token. */
    private Issued issue(IamStore.UserIdentity user, AuthRequest.Scope scope, String method, long notAfter,
                         String baseUrl, boolean withCatalog) {
        String projectId = null;
        boolean domainScoped = false;
        if (scope != null && scope.isProject()) {
            if ((scope.projectDomainId() != null && !scope.projectDomainId().equals(user.domainId()))
                    || (scope.projectDomainName() != null && !scope.projectDomainName().equals(user.domainName()))) {
                throw new InvalidParameterException("auth.scope.project.domain", "is not the user's account");
            }
            IamStore.ProjectRow project = (scope.projectId() != null
                    ? store.project(scope.projectId()).filter(p -> p.domainId().equals(user.domainId()))
                    : store.projectByName(user.domainId(), scope.projectName()))
                    .filter(IamStore.ProjectRow::enabled)
                    .orElseThrow(() -> new InvalidParameterException("auth.scope.project",
                            "no such project in account '" + user.domainName() + "'"));
            projectId = project.id();
        } else if (scope != null && scope.isDomain()) {
            boolean matches = user.domainId().equals(scope.domainId()) || user.domainName().equals(scope.domainName());
            if (!matches) {
                throw new InvalidParameterException("auth.scope.domain", "is not the user's account");
            }
            domainScoped = true;
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = "MIIRL" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = clock.millis();
        IamStore.TokenRow row = new IamStore.TokenRow(Authenticator.tokenHash(token), user.userId(), projectId,
                domainScoped, now, Math.min(notAfter, now + tokenTtl.toMillis()), false, method);
        store.insertToken(row);
        return new Issued(token, view(row, user, baseUrl, withCatalog));
    }

    private IamStore.UserRow findUser(AuthRequest req) {
        if (req.userId() != null) {
            IamStore.UserRow u = store.user(req.userId()).orElse(null);
            if (u != null && req.domainId() != null && !req.domainId().equals(u.domainId())) {
                return null;
            }
            if (u != null && req.domainName() != null) {
                String name = store.domain(u.domainId()).map(IamStore.DomainRow::name).orElse(null);
                return req.domainName().equals(name) ? u : null;
            }
            return u;
        }
        if (req.domainName() != null) {
            return store.userByName(req.domainName(), req.userName()).orElse(null);
        }
        return store.domain(req.domainId())
                .flatMap(d -> store.userByName(d.name(), req.userName())).orElse(null);
    }

    /** {@code GET /v3/auth/tokens}: describes a valid token, or 404. */
    public TokenView describe(String token, String baseUrl, boolean withCatalog) {
        String hash = Authenticator.tokenHash(token);
        IamStore.TokenRow row = store.token(hash)
                .filter(t -> !t.revoked() && clock.millis() < t.expiresAt())
                .orElseThrow(() -> new ApiException(ErrorCode.IAM_TOKEN_NOT_FOUND, "the subject token"));
        IamStore.UserIdentity user = store.userIdentity(row.userId()).filter(IamStore.UserIdentity::enabled)
                .orElseThrow(() -> new ApiException(ErrorCode.IAM_TOKEN_NOT_FOUND, "the subject token"));
        return view(row, user, baseUrl, withCatalog);
    }

    /** {@code DELETE /v3/auth/tokens}: revokes a token, or 404 when it is unknown or already revoked. */
    public void revoke(String token) {
        if (!store.revokeToken(Authenticator.tokenHash(token))) {
            throw new ApiException(ErrorCode.IAM_TOKEN_NOT_FOUND, "the subject token");
        }
    }

    public List<IamStore.ProjectRow> projects(String domainId, String name) {
        return nameable(name) ? store.projects(domainId, name) : List.of();
    }

    /**
     * Whether a name filter can match anything: no name has a control character (and PostgreSQL refuses a NUL in a
     * string outright, so such a filter is never sent to the store). Null (no filter) can.
     */
    static boolean nameable(String name) {
        return name == null || name.chars().noneMatch(Character::isISOControl);
    }

    /** The account (domain) of that id. */
    public Optional<IamStore.DomainRow> domain(String domainId) {
        return store.domain(domainId);
    }

    public Optional<IamStore.ProjectRow> project(String projectId) {
        return store.project(projectId);
    }

    /** Removes tokens that expired; returns how many. */
    public int purgeExpiredTokens() {
        return store.deleteExpiredTokens(clock.millis());
    }

    private TokenView view(IamStore.TokenRow row, IamStore.UserIdentity user, String baseUrl, boolean withCatalog) {
        TokenView.Named domain = new TokenView.Named(user.domainId(), user.domainName());
        TokenView.Project project = null;
        String region = null;
        if (row.projectId() != null) {
            IamStore.ProjectRow p = store.project(row.projectId()).orElseThrow();
            project = new TokenView.Project(p.id(), p.name(), domain);
            region = p.name();
        }
        List<TokenView.Named> roles = user.admin()
                ? List.of(new TokenView.Named(roleId("te_admin"), "te_admin"),
                          new TokenView.Named(roleId("op_service"), "op_service"))
                : List.of(new TokenView.Named(roleId("readonly"), "readonly"));
        List<TokenView.Service> catalog = null;
        if (withCatalog) {
            String r = region == null ? "" : region;
            catalog = List.of(
                    new TokenView.Service(roleId("roma"), "roma", "roma", List.of(new TokenView.Endpoint(
                            roleId("roma-public"), "public", r, r, baseUrl))),
                    new TokenView.Service(roleId("iam"), "iam", "identity", List.of(new TokenView.Endpoint(
                            roleId("iam-public"), "public", r, r, baseUrl + "/v3"))));
        }
        return new TokenView(new TokenView.Body(List.of(row.methods().split(",")), TokenView.time(row.expiresAt()),
                TokenView.time(row.issuedAt()),
                new TokenView.User(user.userId(), user.userName(), domain, ""),
                project, row.domainScoped() ? domain : null, roles, catalog));
    }

    private static String roleId(String name) {
        return UUID.nameUUIDFromBytes(("roma-local/" + name).getBytes()).toString().replace("-", "");
    }

    static String randomHexId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
