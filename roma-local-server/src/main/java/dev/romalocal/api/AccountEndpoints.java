package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.iam.IdentityRequests;
import dev.romalocal.iam.UserService;
import dev.romalocal.json.Bind;

import java.util.List;

/**
 * Accounts (an extension: the real service has no public API for them), for the server's built-in administrator:
 * create one (its administrator and an access key come with it, the secret shown once), list them, delete one.
 */
final class AccountEndpoints {
    private final UserService users;

    AccountEndpoints(UserService users) {
        this.users = users;
    }

    /** {@code POST /_roma_local/accounts}: 201 with the ids, the administrator's name and the key pair. */
    Reply create(Call call) {
        IdentityRequests.CreateAccount in = Bind.body(call.json(), IdentityRequests.CreateAccount.class);
        return UserEndpoints.throttled(call, () -> {
            UserService.NewAccount a = users.createAccount(in);
            return Reply.json(201, new Created(a.domainId(), a.domainName(), a.projectId(), a.projectName(),
                    a.userId(), a.userName(), a.accessKey(), a.secretKey()));
        });
    }

    /** {@code GET /_roma_local/accounts}: every account, its projects and user count; no secrets. */
    Reply list(Call call) {
        List<AccountView> accounts = users.accounts().stream().map(a -> new AccountView(a.domainId(),
                a.domainName(), users.isBuiltIn(a.domainId()), a.users(),
                a.projects().stream().map(p -> new ProjectView(p.id(), p.name())).toList())).toList();
        return Reply.ok(new Accounts(accounts));
    }

    /** {@code DELETE /_roma_local/accounts/{domain_id}}: 204; refused while the account holds instances. */
    Reply delete(Call call) {
        users.deleteAccount(UserEndpoints.id(call, "domain_id"));
        return Reply.empty(204);
    }

    record Created(@JsonProperty("domain_id") String domainId, @JsonProperty("domain_name") String domainName,
                   @JsonProperty("project_id") String projectId, @JsonProperty("project_name") String projectName,
                   @JsonProperty("user_id") String userId, @JsonProperty("user_name") String userName,
                   @JsonProperty("access_key") String accessKey, @JsonProperty("secret_key") String secretKey) {
        @Override
        public String toString() {
            return "Created[" + domainName + ", secret_key=***]";
        }
    }

    record Accounts(@JsonProperty("accounts") List<AccountView> accounts) {
    }

    record AccountView(@JsonProperty("domain_id") String domainId, @JsonProperty("domain_name") String domainName,
                       @JsonProperty("built_in") boolean builtIn, @JsonProperty("users") int users,
                       @JsonProperty("projects") List<ProjectView> projects) {
    }

    record ProjectView(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    }
}
