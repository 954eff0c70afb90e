package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.iam.IdentityRequests;
import dev.romalocal.iam.PasswordChecks;
import dev.romalocal.iam.UserService;
import dev.romalocal.iam.UserStore;
import dev.romalocal.json.Bind;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM users and groups as the IAM SDK calls them: {@code /v3.0/OS-USER/users} (create, show, update) and the
 * Keystone forms {@code /v3/users}, {@code /v3/groups} (list, show, delete, members). Response shapes are the SDK's
 * models ({@code CreateUserResult}, {@code ShowUserResult}, {@code KeystoneListUsersResult},
 * {@code KeystoneGroupResult}, ...).
 */
final class UserEndpoints {
    /** IAM's time format in user bodies ({@code 2020-07-08 02:19:03.0}). */
    private static final DateTimeFormatter USER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.S")
            .withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final Pattern EXPIRY_FILTER = Pattern.compile("(lt|lte|gt|gte|eq|neq):(.+)");

    private final UserService users;

    UserEndpoints(UserService users) {
        this.users = users;
    }

    // --- users -------------------------------------------------------------------------------------------------

    /** {@code POST /v3.0/OS-USER/users}: 201 {@code {"user": CreateUserResult}}. */
    Reply createUser(Call call) {
        IdentityRequests.CreateUserOption in = Bind.body(call.json(), IdentityRequests.CreateUser.class).user();
        return throttled(call, () -> Reply.json(201, new UserBody(UserView.of(users.createUser(call.principal(), in),
                null))));
    }

    /** {@code GET /v3.0/OS-USER/users/{user_id}}: {@code {"user": ShowUserResult}}. */
    Reply showUser(Call call) {
        String id = id(call, "user_id");
        UserStore.UserDetail u = users.user(call.principal(), id);
        return Reply.ok(new UserBody(UserView.of(u, links(call.baseUrl() + "/v3.0/OS-USER/users/" + id))));
    }

    /** {@code PUT /v3.0/OS-USER/users/{user_id}}: {@code {"user": UpdateUserResult}}. */
    Reply updateUser(Call call) {
        String id = id(call, "user_id");
        IdentityRequests.UpdateUserOption in = Bind.body(call.json(), IdentityRequests.UpdateUser.class).user();
        return throttled(call, () -> {
            UserStore.UserDetail u = users.updateUser(call.principal(), id, in);
            Map<String, Object> self = new LinkedHashMap<>();
            self.put("self", call.baseUrl() + "/v3.0/OS-USER/users/" + id);
            return Reply.ok(new UserBody(UserView.of(u, self)));
        });
    }

    /** {@code GET /v3/users?domain_id=&enabled=&name=&password_expires_at=}: {@code {"users": [...], "links"}}. */
    Reply listUsers(Call call) {
        String enabled = call.query("enabled");
        Boolean e = null;
        if (enabled != null) {
            if (!enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
                throw new InvalidParameterException("enabled", "must be true or false");
            }
            e = Boolean.parseBoolean(enabled);
        }
        String expiry = call.query("password_expires_at");
        if (expiry != null) {
            var m = EXPIRY_FILTER.matcher(expiry);
            if (!m.matches()) {
                throw new InvalidParameterException("password_expires_at",
                        "must be {operator}:{timestamp}, operator lt, lte, gt, gte, eq or neq");
            }
            try {
                Instant.parse(m.group(2));
            } catch (DateTimeParseException ex) {
                throw new InvalidParameterException("password_expires_at",
                        "the timestamp must be like 2026-01-01T00:00:00Z");
            }
        }
        List<KeystoneUserView> list = users.users(call.principal(), call.query("domain_id"), call.query("name"), e,
                        expiry != null).stream()
                .map(u -> KeystoneUserView.of(u, links(call.baseUrl() + "/v3/users/" + u.id()))).toList();
        return Reply.ok(new UsersBody(list, links(call.baseUrl() + "/v3/users")));
    }

    /** {@code DELETE /v3/users/{user_id}}: 204. */
    Reply deleteUser(Call call) {
        users.deleteUser(call.principal(), id(call, "user_id"));
        return Reply.empty(204);
    }

    // --- groups ------------------------------------------------------------------------------------------------

    /** {@code POST /v3/groups}: 201 {@code {"group": {..., "links": {"self"}}}}. */
    Reply createGroup(Call call) {
        UserStore.GroupRow g = users.createGroup(call.principal(),
                Bind.body(call.json(), IdentityRequests.CreateGroup.class).group());
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("self", call.baseUrl() + "/v3/groups/" + g.id());
        return Reply.json(201, new GroupBody(GroupView.of(g, self)));
    }

    /** {@code GET /v3/groups?domain_id=&name=}. */
    Reply listGroups(Call call) {
        List<GroupView> list = users.groups(call.principal(), call.query("domain_id"), call.query("name")).stream()
                .map(g -> GroupView.of(g, links(call.baseUrl() + "/v3/groups/" + g.id()))).toList();
        return Reply.ok(new GroupsBody(list, links(call.baseUrl() + "/v3/groups")));
    }

    /** {@code GET /v3/groups/{group_id}}. */
    Reply showGroup(Call call) {
        String id = id(call, "group_id");
        return Reply.ok(new GroupBody(GroupView.of(users.group(call.principal(), id),
                links(call.baseUrl() + "/v3/groups/" + id))));
    }

    /** {@code DELETE /v3/groups/{group_id}}: 204; its memberships and grants go with it. */
    Reply deleteGroup(Call call) {
        users.deleteGroup(call.principal(), id(call, "group_id"));
        return Reply.empty(204);
    }

    /** {@code PUT /v3/groups/{group_id}/users/{user_id}}: 204. */
    Reply addMember(Call call) {
        users.addMember(call.principal(), id(call, "group_id"), id(call, "user_id"));
        return Reply.empty(204);
    }

    /** {@code DELETE /v3/groups/{group_id}/users/{user_id}}: 204. */
    Reply removeMember(Call call) {
        users.removeMember(call.principal(), id(call, "group_id"), id(call, "user_id"));
        return Reply.empty(204);
    }

    /** {@code GET /v3/groups/{group_id}/users}: {@code {"users": [...], "links"}}. */
    Reply members(Call call) {
        String id = id(call, "group_id");
        List<KeystoneUserView> list = users.members(call.principal(), id).stream()
                .map(u -> KeystoneUserView.of(u, links(call.baseUrl() + "/v3/users/" + u.id()))).toList();
        return Reply.ok(new UsersBody(list, links(call.baseUrl() + "/v3/groups/" + id + "/users")));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** A path id: 1 to 64 letters, digits, '-' or '_' (anything else is a parameter error, never echoed back). */
    static String id(Call call, String name) {
        String id = call.pathParam(name);
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidParameterException(name, "is not an id (1 to 64 letters, digits, '-' or '_')");
        }
        return id;
    }

    /** Runs work that hashes a password; too many at once is 429 with {@code Retry-After}. */
    static Reply throttled(Call call, java.util.function.Supplier<Reply> work) {
        try {
            return work.get();
        } catch (PasswordChecks.Throttled e) {
            return ErrorRenderer.render(e, call.route().family(), call.requestId())
                    .withHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
    }

    /** Keystone's {@code links}: self, previous, next (the last two always null: no paging). */
    static Map<String, Object> links(String self) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", self);
        links.put("previous", null);
        links.put("next", null);
        return links;
    }

    static String userTime(long epochMillis) {
        return USER_TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    // --- views -------------------------------------------------------------------------------------------------

    record UserBody(@JsonProperty("user") UserView user) {
    }

    /** One user in the OS-USER form (CreateUserResult, ShowUserResult, UpdateUserResult share these names). */
    record UserView(@JsonProperty("id") String id, @JsonProperty("name") String name,
                    @JsonProperty("domain_id") String domainId, @JsonProperty("enabled") boolean enabled,
                    @JsonProperty("description") String description, @JsonProperty("email") String email,
                    @JsonProperty("areacode") String areacode, @JsonProperty("phone") String phone,
                    @JsonProperty("xuser_id") String xuserId, @JsonProperty("xuser_type") String xuserType,
                    @JsonProperty("access_mode") String accessMode, @JsonProperty("pwd_status") boolean pwdStatus,
                    @JsonProperty("is_domain_owner") boolean domainOwner,
                    @JsonProperty("create_time") String createTime,
                    @JsonProperty("pwd_create_time") String pwdCreateTime,
                    @JsonProperty("modify_pwd_time") String modifyPwdTime,
                    @JsonProperty("links") Map<String, Object> links) {
        static UserView of(UserStore.UserDetail u, Map<String, Object> links) {
            return new UserView(u.id(), u.name(), u.domainId(), u.enabled(), u.description(),
                    u.email() == null ? "" : u.email(), "", "", "", "", "default", false, u.owner(),
                    userTime(u.createdAt()), userTime(u.createdAt()), userTime(u.passwordChangedAt()), links);
        }
    }

    record UsersBody(@JsonProperty("users") List<KeystoneUserView> users,
                     @JsonProperty("links") Map<String, Object> links) {
    }

    /** One user in the Keystone form (KeystoneListUsersResult, KeystoneUserResult). */
    record KeystoneUserView(@JsonProperty("id") String id, @JsonProperty("name") String name,
                            @JsonProperty("domain_id") String domainId, @JsonProperty("enabled") boolean enabled,
                            @JsonProperty("description") String description,
                            @JsonProperty("pwd_status") boolean pwdStatus,
                            @JsonProperty("access_mode") String accessMode,
                            @JsonProperty("links") Map<String, Object> links) {
        static KeystoneUserView of(UserStore.UserDetail u, Map<String, Object> links) {
            return new KeystoneUserView(u.id(), u.name(), u.domainId(), u.enabled(), u.description(), false,
                    "default", links);
        }
    }

    record GroupBody(@JsonProperty("group") GroupView group) {
    }

    record GroupsBody(@JsonProperty("groups") List<GroupView> groups,
                      @JsonProperty("links") Map<String, Object> links) {
    }

    record GroupView(@JsonProperty("id") String id, @JsonProperty("name") String name,
                     @JsonProperty("domain_id") String domainId, @JsonProperty("description") String description,
                     @JsonProperty("create_time") long createTime, @JsonProperty("links") Map<String, Object> links) {
        static GroupView of(UserStore.GroupRow g, Map<String, Object> links) {
            return new GroupView(g.id(), g.name(), g.domainId(), g.description(), g.createdAt(), links);
        }
    }
}
