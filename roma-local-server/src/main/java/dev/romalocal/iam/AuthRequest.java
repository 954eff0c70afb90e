package dev.romalocal.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.JsonFields;

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
 * (id or name).
 */
public record AuthRequest(Method method, String userId, String userName, String domainId, String domainName,
                          String password, String token, Scope scope) {

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
        JsonFields auth = require(JsonFields.of(body, "").object("auth"), "auth");
        JsonFields identity = require(auth.object("identity"), "auth.identity");
        List<String> methods = identity.stringList("methods");
        if (methods == null || !(methods.contains("password") || methods.contains("token"))) {
            throw new InvalidParameterException("auth.identity.methods", "must contain \"password\" or \"token\"");
        }
        if (methods.size() != 1) {
            throw new InvalidParameterException("auth.identity.methods",
                    "give exactly one method, \"password\" or \"token\" (no MFA in ROMA Local)");
        }
        Scope scope = scope(auth.object("scope"));
        if (methods.get(0).equals("token")) {
            JsonFields token = require(identity.object("token"), "auth.identity.token");
            String id = token.string("id");
            if (id == null || id.isEmpty()) {
                throw new InvalidParameterException(token.path("id"), "is required");
            }
            return new AuthRequest(Method.TOKEN, null, null, null, null, null, id, scope);
        }
        JsonFields password = require(identity.object("password"), "auth.identity.password");
        JsonFields user = require(password.object("user"), "auth.identity.password.user");
        String userId = user.string("id");
        String userName = user.string("name");
        String pw = user.string("password");
        if (pw == null) {
            throw new InvalidParameterException(user.path("password"), "is required");
        }
        String domainId = null;
        String domainName = null;
        JsonFields domain = user.object("domain");
        if (domain != null) {
            domainId = domain.string("id");
            domainName = domain.string("name");
        }
        if (userId == null) {
            if (userName == null) {
                throw new InvalidParameterException(user.path("name"), "is required (or give the user's id)");
            }
            if (domainId == null && domainName == null) {
                throw new InvalidParameterException(user.path("domain"),
                        "is required with a user name (give its name or id)");
            }
        }
        return new AuthRequest(Method.PASSWORD, userId, userName, domainId, domainName, pw, null, scope);
    }

    private static Scope scope(JsonFields s) {
        if (s == null) {
            return null;
        }
        JsonFields project = s.object("project");
        JsonFields scopeDomain = s.object("domain");
        if (project != null && scopeDomain != null) {
            throw new InvalidParameterException("auth.scope", "give a project or a domain, not both");
        }
        if (project != null) {
            String pid = project.string("id");
            String pname = project.string("name");
            if (pid == null && pname == null) {
                throw new InvalidParameterException(project.path("id"), "give the project's id or name");
            }
            String did = null;
            String dname = null;
            JsonFields projectDomain = project.object("domain");
            if (projectDomain != null) {
                did = projectDomain.string("id");
                dname = projectDomain.string("name");
                if (did == null && dname == null) {
                    throw new InvalidParameterException(projectDomain.path("id"), "give the domain's id or name");
                }
            }
            return new Scope(pid, pname, did, dname, null, null);
        }
        if (scopeDomain != null) {
            String did = scopeDomain.string("id");
            String dname = scopeDomain.string("name");
            if (did == null && dname == null) {
                throw new InvalidParameterException(scopeDomain.path("id"), "give the domain's id or name");
            }
            return new Scope(null, null, null, null, did, dname);
        }
        return null;
    }

    private static JsonFields require(JsonFields f, String path) {
        if (f == null) {
            throw new InvalidParameterException(path, "is required");
        }
        return f;
    }

    @Override
    public String toString() {
        return "AuthRequest[method=" + method + ", user=" + (userName != null ? userName : userId)
                + ", password=***, token=***]";
    }
}
