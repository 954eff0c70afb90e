package dev.romalocal.iam;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.AnyOf;
import dev.romalocal.json.Bind;
import dev.romalocal.json.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * The body of {@code POST /v3/auth/tokens}, with one of two methods:
 * <ul>
 *   <li>{@code password} (KeystoneCreateUserTokenByPassword): the user by name within a domain (by name or id) or by
 *   id, and its password;</li>
 *   <li>{@code token} (KeystoneCreateScopedToken): a valid token ({@code auth.identity.token.id}) exchanged for a new
 *   one, usually with another scope.</li>
 * </ul>
 * Either may ask for a scope: a project (its id, or its name, optionally with its domain by id or name) or a domain
 * (id or name). The wire form is {@link Body} (fields it does not name are ignored, as Keystone ignores them).
 */
public record AuthRequest(Method method, String userId, String userName, String domainId, String domainName,
                          String password, String token, Scope scope) {
    /** Names and ids are looked up in the store: at most this long, no control characters. */
    static final int NAME_MAX = 255;

    /** How the caller proves who it is. */
    public enum Method { PASSWORD, TOKEN }

    /**
     * The scope asked for: a project by id, or by name (within the user's account; {@code projectDomainId} /
     * {@code projectDomainName} name that account when given), or a domain.
     */
    public record Scope(String projectId, String projectName, String projectDomainId, String projectDomainName,
                        String domainId, String domainName) {
        public boolean isProject() {
            return projectId != null || projectName != null;
        }

        public boolean isDomain() {
            return domainId != null || domainName != null;
        }
    }

    public static AuthRequest parse(JsonNode body) {
        return Bind.body(body, Body.class).auth().parsed();
    }

    // --- the wire form (the SDK's PwdAuth / ScopedTokenAuth and their parts) --------------------------------------

    /** {@code {"auth": {...}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Body(@NotNull @Valid Auth auth) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonClassDescription("identity.methods is [\"password\"] with identity.password, or [\"token\"] with "
            + "identity.token; scope names a project or a domain, not both.")
    public record Auth(@NotNull @Valid Identity identity, @Valid ScopeOption scope) {
        AuthRequest parsed() {
            String method = identity.method();
            Scope s = scope == null ? null : scope.parsed();
            if (method.equals("token")) {
                TokenMethod token = require(identity.token(), "auth.identity.token");
                return new AuthRequest(Method.TOKEN, null, null, null, null, null, token.id(), s);
            }
            User user = require(identity.password(), "auth.identity.password").user();
            Domain domain = user.domain();
            if (user.id() == null && domain == null) {
                throw new InvalidParameterException("auth.identity.password.user.domain",
                        "is required with a user name (give its name or id)");
            }
            return new AuthRequest(Method.PASSWORD, user.id(), user.name(), domain == null ? null : domain.id(),
                    domain == null ? null : domain.name(), user.password(), null, s);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Identity(@NotEmpty(message = "must contain \"password\" or \"token\"") List<String> methods,
                           @Valid PasswordMethod password, @Valid TokenMethod token) {
        /** The one method asked for. */
        String method() {
            if (!(methods.contains("password") || methods.contains("token"))) {
                throw new InvalidParameterException("auth.identity.methods", "must contain \"password\" or \"token\"");
            }
            if (methods.size() != 1) {
                throw new InvalidParameterException("auth.identity.methods",
                        "give exactly one method, \"password\" or \"token\" (no MFA in ROMA Local)");
            }
            return methods.get(0);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PasswordMethod(@NotNull @Valid User user) {
    }

    /** The user by id, or by name with its account ({@code domain}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @AnyOf(value = {"name", "id"}, message = "is required (or give the user's id)")
    public record User(@Text(max = NAME_MAX) String id, @Text(max = NAME_MAX) String name, @NotNull String password,
                       @Valid Domain domain) {
        @Override
        public String toString() {
            return "User[id=" + id + ", name=" + name + ", password=***]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenMethod(@NotEmpty String id) {
        @Override
        public String toString() {
            return "TokenMethod[id=***]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScopeOption(@Valid Project project, @Valid Domain domain) {
        Scope parsed() {
            if (project != null && domain != null) {
                throw new InvalidParameterException("auth.scope", "give a project or a domain, not both");
            }
            if (project != null) {
                Domain d = project.domain();
                return new Scope(project.id(), project.name(), d == null ? null : d.id(), d == null ? null : d.name(),
                        null, null);
            }
            return domain == null ? null : new Scope(null, null, null, null, domain.id(), domain.name());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @AnyOf(value = {"id", "name"}, message = "give the project's id or name")
    public record Project(@Text(max = NAME_MAX) String id, @Text(max = NAME_MAX) String name, @Valid Domain domain) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @AnyOf(value = {"id", "name"}, message = "give the domain's id or name")
    public record Domain(@Text(max = NAME_MAX) String id, @Text(max = NAME_MAX) String name) {
    }

    private static <T> T require(T value, String path) {
        if (value == null) {
            throw new InvalidParameterException(path, "is required");
        }
        return value;
    }

    @Override
    public String toString() {
        return "AuthRequest[method=" + method + ", user=" + (userName != null ? userName : userId)
                + ", password=***, token=***]";
    }
}
