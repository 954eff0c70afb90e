package dev.romalocal.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.JsonFields;

import java.util.List;

/**
 * The body of {@code POST /v3/auth/tokens} with the password method: the user by name within a
 * domain (by name or id) or by id, and an optional project (id, or name within the user's domain) or domain scope.
 */
public record PasswordAuthRequest(String userId, String userName, String domainId, String domainName,
                                  String password, Scope scope) {

    public record Scope(String projectId, String projectName, String domainId, String domainName) {
        public boolean isProject() {
            return projectId != null || projectName != null;
        }

        public boolean isDomain() {
            return domainId != null || domainName != null;
        }
    }

    public static PasswordAuthRequest parse(JsonNode body) {
        JsonFields auth = require(JsonFields.of(body, "").object("auth"), "auth");
        JsonFields identity = require(auth.object("identity"), "auth.identity");
        List<String> methods = identity.stringList("methods");
        if (methods == null || !methods.contains("password")) {
            throw new InvalidParameterException("auth.identity.methods", "must contain \"password\"");
        }
        if (methods.size() != 1) {
            throw new InvalidParameterException("auth.identity.methods",
                    "only the password method is supported (no MFA in ROMA Local)");
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
        Scope scope = null;
        JsonFields s = auth.object("scope");
        if (s != null) {
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
                scope = new Scope(pid, pname, null, null);
            } else if (scopeDomain != null) {
                String did = scopeDomain.string("id");
                String dname = scopeDomain.string("name");
                if (did == null && dname == null) {
                    throw new InvalidParameterException(scopeDomain.path("id"), "give the domain's id or name");
                }
                scope = new Scope(null, null, did, dname);
            }
        }
        return new PasswordAuthRequest(userId, userName, domainId, domainName, pw, scope);
    }

    private static JsonFields require(JsonFields f, String path) {
        if (f == null) {
            throw new InvalidParameterException(path, "is required");
        }
        return f;
    }

    @Override
    public String toString() {
        return "PasswordAuthRequest[user=" + (userName != null ? userName : userId) + ", password=***]";
    }
}
