package dev.romalocal.iam;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.romalocal.json.OneOf;
import dev.romalocal.json.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import static dev.romalocal.iam.IdentityRule.EMAIL;
import static dev.romalocal.iam.IdentityRule.PASSWORD;
import static dev.romalocal.iam.IdentityRule.USER_NAME;

/**
 * The bodies of identity management, as the IAM SDK's models spell them (bound by {@code json.Bind}: a field of the
 * wrong type or one the model does not have is a parameter error naming it; a broken user-name, email or password
 * rule is IAM's own code). What needs the store (a name already taken, the caller's account, a password equal to
 * the user's name) is checked by {@link UserService}.
 */
public final class IdentityRequests {
    /** IAM's access modes (default, programmatic, console) and the rest: accepted; ROMA Local has no console. */
    private static final String IGNORED = "accepted and not kept";
    static final int TEXT_MAX = 255;

    private IdentityRequests() {
    }

    /** {@code POST /v3.0/OS-USER/users} (CreateUser): {@code {"user": CreateUserOption}}. */
    public record CreateUser(@NotNull @Valid CreateUserOption user) {
    }

    /**
     * The SDK's {@code CreateUserOption}. Null fields were not given. Fields IAM stores that ROMA Local has no use for
     * (phone, area code, external identity, {@code pwd_status}, {@code access_mode}) are type-checked and ignored.
     */
    @JsonClassDescription("domain_id must be the caller's account (else 403 IAM.0003); the name is unique in the "
            + "account (else 1109); the password is not the user name, forwards or backwards (else 1103).")
    public record CreateUserOption(
            @NotEmpty @Follows(USER_NAME) String name,
            @NotEmpty String domainId,
            @Follows(EMAIL) String email,
            @Text(max = TEXT_MAX) String description,
            @Follows(PASSWORD) String password,
            Boolean enabled,
            @JsonPropertyDescription(IGNORED) @OneOf({"default", "programmatic", "console"}) String accessMode,
            @JsonPropertyDescription(IGNORED) String areacode,
            @JsonPropertyDescription(IGNORED) String phone,
            @JsonPropertyDescription(IGNORED) Boolean pwdStatus,
            @JsonPropertyDescription(IGNORED) String xuserType,
            @JsonPropertyDescription(IGNORED) String xuserId) {
        @Override
        public String toString() {
            return "CreateUserOption[name=" + name + ", password=" + (password == null ? "null" : "***") + "]";
        }
    }

    /** {@code PUT /v3.0/OS-USER/users/{user_id}} (UpdateUser): {@code {"user": UpdateUserOption}}. */
    public record UpdateUser(@NotNull @Valid UpdateUserOption user) {
    }

    /** The SDK's {@code UpdateUserOption}: any of CreateUserOption's fields but {@code domain_id}. */
    @JsonClassDescription("A new name is unique in the account (else 1109); a new password differs from the old one "
            + "(else 1108) and is not the user name (else 1103); email \"\" clears it.")
    public record UpdateUserOption(
            @Size(min = 1, message = "must not be empty") @Follows(USER_NAME) String name,
            @Follows(EMAIL) String email,
            @Text(max = TEXT_MAX) String description,
            @Follows(PASSWORD) String password,
            Boolean enabled,
            @JsonPropertyDescription(IGNORED) @OneOf({"default", "programmatic", "console"}) String accessMode,
            @JsonPropertyDescription(IGNORED) String areacode,
            @JsonPropertyDescription(IGNORED) String phone,
            @JsonPropertyDescription(IGNORED) Boolean pwdStatus,
            @JsonPropertyDescription(IGNORED) String xuserType,
            @JsonPropertyDescription(IGNORED) String xuserId) {
        @Override
        public String toString() {
            return "UpdateUserOption[name=" + name + ", password=" + (password == null ? "null" : "***") + "]";
        }
    }

    /** {@code POST /v3/groups} (KeystoneCreateGroup): {@code {"group": {"name", "description", "domain_id"}}}. */
    public record CreateGroup(@NotNull @Valid GroupOption group) {
    }

    @JsonClassDescription("The name is unique in the account (else 409 ROMALOCAL.4097); domain_id, when given, is the "
            + "caller's account (else 403 IAM.0003).")
    public record GroupOption(@NotEmpty @Text(max = 64, blank = false) String name,
                              @Text(max = TEXT_MAX) String description,
                              String domainId) {
    }

    /** {@code POST /_roma_local/accounts}: {@code {"name", "password", "user_name"}}. */
    @JsonClassDescription("The name is unique (else 409 ROMALOCAL.4098); the password is not the administrator's "
            + "name, forwards or backwards (else 1103).")
    public record CreateAccount(
            @NotEmpty @Pattern(regexp = "[A-Za-z][A-Za-z0-9_\\-]{0,63}",
                    message = "1 to 64 letters, digits, '-' or '_', starting with a letter") String name,
            @JsonPropertyDescription("the administrator's name; by default the account's (which always follows "
                    + "the user-name rule)")
            @Follows(USER_NAME) String userName,
            @NotEmpty @Follows(PASSWORD) String password) {
        /** The administrator's name. */
        public String administrator() {
            return userName == null ? name : userName;
        }

        @Override
        public String toString() {
            return "CreateAccount[name=" + name + ", password=***]";
        }
    }
}
