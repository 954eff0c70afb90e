package dev.romalocal.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.JsonFields;

import java.util.Set;

/**
 * The bodies of identity management, read strictly (a field of the wrong type or one the SDK's model does not have
 * is a parameter error naming it). Values are checked further by {@link UserService}.
 */
public final class IdentityRequests {
    /** The fields of the IAM SDK's {@code CreateUserOption}; {@code UpdateUserOption} has them all but domain_id. */
    private static final Set<String> USER_FIELDS = Set.of("access_mode", "name", "domain_id", "password", "email",
            "areacode", "phone", "enabled", "pwd_status", "xuser_type", "xuser_id", "description");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "description", "domain_id");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("name", "password", "user_name");
    /** IAM's access modes: console and API, API only, console only. Accepted; ROMA Local has no console. */
    private static final Set<String> ACCESS_MODES = Set.of("default", "programmatic", "console");

    private IdentityRequests() {
    }

    /**
     * {@code CreateUser} / {@code UpdateUser}'s {@code user} object. Null fields were not given. Fields IAM stores
     * that ROMA Local has no use for (phone, area code, external identity, {@code pwd_status},
     * {@code access_mode}) are type-checked and ignored.
     */
    public record User(String name, String domainId, String password, String email, String description,
                       Boolean enabled) {
        @Override
        public String toString() {
            return "User[name=" + name + ", password=" + (password == null ? "null" : "***") + "]";
        }
    }

    public record Group(String name, String description, String domainId) {
    }

    public record Account(String name, String password, String userName) {
        @Override
        public String toString() {
            return "Account[name=" + name + ", password=***]";
        }
    }

    /** {@code {"user": {...}}} of {@code POST /v3.0/OS-USER/users}: name and domain_id required. */
    public static User createUser(JsonNode body) {
        JsonFields user = user(body, true);
        return new User(user.requiredString("name"), user.requiredString("domain_id"), user.string("password"),
                user.string("email"), user.string("description"), user.bool("enabled"));
    }

    /** {@code {"user": {...}}} of {@code PUT /v3.0/OS-USER/users/{user_id}}: any of the fields. */
    public static User updateUser(JsonNode body) {
        JsonFields user = user(body, false);
        String name = user.string("name");
        if (name != null && name.isEmpty()) {
            throw new InvalidParameterException(user.path("name"), "must not be empty");
        }
        return new User(name, null, user.string("password"), user.string("email"), user.string("description"),
                user.bool("enabled"));
    }

    private static JsonFields user(JsonNode body, boolean create) {
        JsonFields root = JsonFields.of(body, "").only(Set.of("user"));
        JsonFields user = root.object("user");
        if (user == null) {
            throw new InvalidParameterException("user", "is required");
        }
        user.only(create ? USER_FIELDS : Set.of(USER_FIELDS.stream().filter(f -> !f.equals("domain_id"))
                .toArray(String[]::new)));
        for (String ignored : new String[]{"areacode", "phone", "xuser_type", "xuser_id"}) {
            user.string(ignored);
        }
        user.bool("pwd_status");
        String mode = user.string("access_mode");
        if (mode != null && !ACCESS_MODES.contains(mode)) {
            throw new InvalidParameterException(user.path("access_mode"),
                    "must be default, programmatic or console");
        }
        return user;
    }

    /** {@code {"group": {"name", "description", "domain_id"}}} of {@code POST /v3/groups}. */
    public static Group group(JsonNode body) {
        JsonFields root = JsonFields.of(body, "").only(Set.of("group"));
        JsonFields group = root.object("group");
        if (group == null) {
            throw new InvalidParameterException("group", "is required");
        }
        group.only(GROUP_FIELDS);
        return new Group(group.requiredString("name"), group.string("description"), group.string("domain_id"));
    }

    /** {@code {"name", "password", "user_name"}} of {@code POST /_roma_local/accounts}. */
    public static Account account(JsonNode body) {
        JsonFields a = JsonFields.of(body, "").only(ACCOUNT_FIELDS);
        return new Account(a.requiredString("name"), a.requiredString("password"), a.string("user_name"));
    }
}
