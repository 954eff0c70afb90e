package dev.romalocal.iam;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.OneOf;
import dev.romalocal.json.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import org.hibernate.validator.constraints.Range;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * Access keys as IAM manages them: permanent keys (at most {@value #MAX_PERMANENT_KEYS} per user, active or inactive,
 * deletable; the secret key is shown once, when created, and stored sealed) and temporary keys obtained with a token
 * (an access key, a secret key and a security token that expire together).
 *
 * <p>A user manages its own keys with any valid credentials; managing another user's keys (of the same account)
 * needs the action on the account, which the account's admin group holds ({@link Authorizer#requireAccount}). A key
 * or user of another account is answered as not found.
 */
public final class KeyService {
    /** Permanent keys per user (IAM's limit). */
    public static final int MAX_PERMANENT_KEYS = 2;
    public static final String CREATE = "iam:credentials:create";
    public static final String LIST = "iam:credentials:list";
    public static final String GET = "iam:credentials:get";
    public static final String UPDATE = "iam:credentials:update";
    public static final String DELETE = "iam:credentials:delete";
    public static final String CREATE_TEMPORARY = "iam:securitytokens:create";
    static final int MIN_DURATION_SECONDS = 900;
    static final int MAX_DURATION_SECONDS = 86_400;
    static final int DEFAULT_DURATION_SECONDS = 900;
    static final int MAX_DESCRIPTION = 255;
    /** Expired temporary keys are kept this long, so that a late request is told "expired", then removed. */
    static final long EXPIRED_KEPT_MILLIS = 24L * 3600 * 1000;
    static final String TEMPORARY_DESCRIPTION = "temporary";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String ALNUM = UPPER_ALNUM + "abcdefghijklmnopqrstuvwxyz";

    /** A permanent key just created, with its secret (shown this once). */
    public record Created(KeyStore.KeyRow key, String secret) {
    }

    /** A temporary key just created. */
    public record Temporary(String accessKey, String secret, String securityToken, long expiresAt) {
    }

    private static final String RESERVED = "not \"" + IamStore.CONFIGURED_KEY + "\" (it marks the key written from "
            + "the configuration)";

    /** {@code POST /v3.0/OS-CREDENTIAL/credentials} (CreatePermanentAccessKey): {@code {"credential": {...}}}. */
    public record CreateKey(@NotNull @Valid NewKey credential) {
    }

    @JsonClassDescription("user_id is the caller's, or (with iam:credentials:create on the account) another user's "
            + "of its account.")
    public record NewKey(@NotEmpty String userId,
                         @JsonPropertyDescription(RESERVED) @Text(max = MAX_DESCRIPTION) String description) {
    }

    /** {@code PUT /v3.0/OS-CREDENTIAL/credentials/{access_key}} (UpdatePermanentAccessKey). */
    public record UpdateKey(@NotNull @Valid ChangedKey credential) {
    }

    public record ChangedKey(@OneOf({"active", "inactive"}) String status,
                             @JsonPropertyDescription(RESERVED) @Text(max = MAX_DESCRIPTION) String description) {
    }

    /** {@code POST /v3.0/OS-CREDENTIAL/securitytokens} (CreateTemporaryAccessKeyByToken): {@code {"auth": {...}}}. */
    public record CreateTemporaryKey(@NotNull @Valid TemporaryAuth auth) {
    }

    public record TemporaryAuth(@NotNull @Valid TemporaryIdentity identity) {
    }

    @JsonClassDescription("methods is [\"token\"]. Without token.id, the token the request was sent with "
            + "(X-Auth-Token).")
    public record TemporaryIdentity(
            @NotEmpty(message = "is required: [\"token\"]") List<String> methods,
            @Valid TemporaryToken token,
            @Null(message = "session policies are not supported by ROMA Local: the temporary key has its user's "
                    + "permissions") ObjectNode policy,
            @Null(message = "assume_role (a temporary key through an agency) is not supported by ROMA Local; use the "
                    + "token method") ObjectNode assumeRole) {
    }

    public record TemporaryToken(String id,
                                 @Range(min = MIN_DURATION_SECONDS, max = MAX_DURATION_SECONDS) Integer durationSeconds) {
        @Override
        public String toString() {
            return "TemporaryToken[id=***, durationSeconds=" + durationSeconds + "]";
        }
    }

    private final KeyStore store;
    private final IamStore iam;
    private final SecretSealer sealer;
    private final Authorizer authorizer;
    private final Clock clock;

    public KeyService(KeyStore store, IamStore iam, SecretSealer sealer, Authorizer authorizer, Clock clock) {
        this.store = store;
        this.iam = iam;
        this.sealer = sealer;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /** {@code POST /v3.0/OS-CREDENTIAL/credentials}: a permanent key for the caller or (admins) a user of its account. */
    public Created create(Principal p, NewKey credential) {
        String userId = credential.userId();
        String description = credential.description() == null ? "" : credential.description();
        refuseReserved(description);
        KeyStore.UserRef target = userOfAccount(p, userId);
        requireFor(p, CREATE, target);
        return store.inTransaction(h -> {
            store.lockUser(h, target.id()).orElseThrow(() -> PolicyService.notFound("user", userId,
                    "the user was deleted meanwhile"));
            int existing = store.countPermanent(h, target.id());
            if (existing >= MAX_PERMANENT_KEYS) {
                throw new ApiException(ErrorCode.IAM_QUOTA, "a user has at most " + MAX_PERMANENT_KEYS
                        + " permanent access keys").reason("user '" + target.name() + "' has " + existing
                        + " access keys (inactive ones count too); delete one first");
            }
            String accessKey = random(UPPER_ALNUM, 20);
            String secret = random(ALNUM, 40);
            long now = clock.millis();
            store.insert(h, accessKey, target.id(), sealer.seal(secret), now, description, null, null);
            return new Created(new KeyStore.KeyRow(accessKey, target.id(), target.domainId(), true, now,
                    description, null, null), secret);
        });
    }

    /** {@code GET /v3.0/OS-CREDENTIAL/credentials[?user_id=]}: the permanent keys of the caller or of a user. */
    public List<KeyStore.KeyRow> list(Principal p, String userId) {
        KeyStore.UserRef target = userOfAccount(p, userId == null ? p.userId() : userId);
        requireFor(p, LIST, target);
        return store.inTransaction(h -> store.permanentKeys(h, target.id()));
    }

    /** {@code GET /v3.0/OS-CREDENTIAL/credentials/{access_key}}. */
    public KeyStore.KeyRow show(Principal p, String accessKey) {
        return permanentKey(p, accessKey, GET);
    }

    /** {@code PUT /v3.0/OS-CREDENTIAL/credentials/{access_key}}: status (active, inactive) and description. */
    public KeyStore.KeyRow update(Principal p, String accessKey, ChangedKey credential) {
        String status = credential.status();
        String description = credential.description();
        KeyStore.KeyRow key = permanentKey(p, accessKey, UPDATE);
        if (description != null && !IamStore.CONFIGURED_KEY.equals(key.description())) {
            refuseReserved(description);
        }
        return store.inTransaction(h -> {
            KeyStore.KeyRow now = store.key(h, key.accessKey()).orElseThrow(() -> PolicyService.notFound(
                    "credential", accessKey, "the access key was deleted meanwhile"));
            boolean enabled = status == null ? now.enabled() : status.equals("active");
            String text = description == null ? now.description() : description;
            store.update(h, now.accessKey(), enabled, text);
            return new KeyStore.KeyRow(now.accessKey(), now.userId(), now.domainId(), enabled, now.createdAt(), text,
                    null, null);
        });
    }

    /** {@code DELETE /v3.0/OS-CREDENTIAL/credentials/{access_key}}: the key answers 401 from its next request on. */
    public void delete(Principal p, String accessKey) {
        KeyStore.KeyRow key = permanentKey(p, accessKey, DELETE);
        store.inTransaction(h -> {
            store.delete(h, key.accessKey());
            return null;
        });
    }

    /**
     * {@code POST /v3.0/OS-CREDENTIAL/securitytokens} with the {@code token} method: a temporary key for the user of
     * the token given in {@code auth.identity.token.id} (or, without it, the token the request was authenticated
     * with), valid {@code duration_seconds} (900 to 86,400; 900 by default). The agency method
     * ({@code assume_role}) and session policies are refused.
     */
    public Temporary createTemporary(Principal p, TemporaryIdentity identity, String callerToken) {
        List<String> methods = identity.methods();
        if (methods.contains("assume_role")) {
            throw new InvalidParameterException("auth.identity.methods", "assume_role (a temporary key through an "
                    + "agency) is not supported by ROMA Local; use the token method");
        }
        if (!methods.equals(List.of("token"))) {
            throw new InvalidParameterException("auth.identity.methods", "must be [\"token\"]");
        }
        TemporaryToken token = identity.token();
        String tokenId = token == null ? null : token.id();
        int seconds = token == null || token.durationSeconds() == null ? DEFAULT_DURATION_SECONDS
                : token.durationSeconds();
        if (tokenId == null || tokenId.isEmpty()) {
            if (callerToken == null || callerToken.isEmpty() || p.method() != Principal.Method.TOKEN) {
                throw new InvalidParameterException("auth.identity.token.id", "is required when the request is not "
                        + "authenticated with a token (IAM takes the token from X-Auth-Token otherwise)");
            }
            tokenId = callerToken;
        }
        long now = clock.millis();
        String hash = Authenticator.tokenHash(tokenId);
        IamStore.TokenIdentity owner = tokenId.length() > 16_384 ? null : iam.tokenIdentity(hash).orElse(null);
        if (owner == null || owner.revoked() || !owner.enabled() || now >= owner.expiresAt()) {
            String why = owner == null ? "unknown" : owner.revoked() ? "revoked" : !owner.enabled()
                    ? "its user is disabled" : "expired";
            throw new ApiException(ErrorCode.TOKEN_INVALID).reason("the token in auth.identity.token.id (or "
                    + "X-Auth-Token) is " + why);
        }
        String accessKey = random(UPPER_ALNUM, 20);
        String secret = random(ALNUM, 40);
        byte[] raw = new byte[96];
        RANDOM.nextBytes(raw);
        String securityToken = "gQRL" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long expiresAt = now + seconds * 1000L;
        store.inTransaction(h -> {
            store.insert(h, accessKey, owner.userId(), sealer.seal(secret), now, TEMPORARY_DESCRIPTION,
                    SdkSigning.sha256Hex(securityToken.getBytes(StandardCharsets.UTF_8)), expiresAt);
            return null;
        });
        return new Temporary(accessKey, secret, securityToken, expiresAt);
    }

    /** Removes temporary keys that expired more than a day ago; returns how many. */
    public int purgeExpired() {
        return store.deleteExpiredTemporary(clock.millis() - EXPIRED_KEPT_MILLIS);
    }

    /** A permanent key of the caller's account that the caller may manage (else 404, or 403 for another's). */
    private KeyStore.KeyRow permanentKey(Principal p, String accessKey, String action) {
        PolicyService.requirePlausible("credential", accessKey);
        KeyStore.KeyRow key = store.inTransaction(h -> store.key(h, accessKey)).orElse(null);
        if (key == null || key.temporary() || !key.domainId().equals(p.domainId())) {
            throw PolicyService.notFound("credential", accessKey, key == null ? "no such access key"
                    : key.temporary() ? "a temporary access key is not managed through this API (it expires)"
                    : "the access key belongs to another account than '" + p.domainName() + "'");
        }
        KeyStore.UserRef owner = store.inTransaction(h -> store.user(h, key.userId())).orElseThrow(() ->
                PolicyService.notFound("credential", accessKey, "its user was deleted meanwhile"));
        requireFor(p, action, owner);
        return key;
    }

    private KeyStore.UserRef userOfAccount(Principal p, String userId) {
        PolicyService.requirePlausible("user", userId);
        KeyStore.UserRef user = store.inTransaction(h -> store.user(h, userId)).orElse(null);
        if (user == null || !user.domainId().equals(p.domainId())) {
            throw PolicyService.notFound("user", userId, user == null ? "no such user"
                    : "the user belongs to another account than '" + p.domainName() + "'");
        }
        return user;
    }

    /** The caller's own keys: always; another user's: the action on the account (the admin group holds it). */
    private void requireFor(Principal p, String action, KeyStore.UserRef target) {
        if (target.id().equals(p.userId())) {
            return;
        }
        try {
            authorizer.requireAccount(p, action);
        } catch (ApiException e) {
            throw e.reason("the access keys of user '" + target.name() + "' are another user's: managing them needs "
                    + action + " on the account (the admin group holds it); " + e.reason());
        }
    }

    /**
     * The description {@value IamStore#CONFIGURED_KEY} marks the key written from the configuration: every start
     * disables the other keys that carry it, so no other key may take it.
     */
    private static void refuseReserved(String description) {
        if (IamStore.CONFIGURED_KEY.equals(description)) {
            throw new InvalidParameterException("credential.description", "'" + IamStore.CONFIGURED_KEY
                    + "' is reserved for the access key written from the configuration at start");
        }
    }

    static String random(String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
