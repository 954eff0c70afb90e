package dev.romalocal.contract;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.iam.SystemPolicies;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static dev.romalocal.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL schema: identity changes made through one node's IAM API (memberships, disabling,
 * a new password, deletion) reach the other node's caches of tokens and permissions through the change feed, so
 * its next requests follow them.
 */
class IdentityTwoNodesTest {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;

    @Test
    void identityChangesOnOneNodeReachTheOther() {
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            Settings s = store.settings();
            s = Backend.severalNodes(s);
            try (RomaLocal a = RomaLocal.start(s); RomaLocal b = RomaLocal.start(s)) {
                Http httpA = new Http(a.endpoint());
                Http httpB = new Http(b.endpoint());
                String admin = httpA.adminToken();
                String domainId = a.identity().domainId();
                Http.Response created = httpA.withToken("POST", "/v3.0/OS-USER/users", admin,
                        "{\"user\":{\"name\":\"carol\",\"domain_id\":\"" + domainId + "\",\"password\":\"Carol-pass-1\"}}");
                assertThat(created.status()).as(created.text()).isEqualTo(201);
                String userId = created.json().at("/user/id").asText();
                String adminGroup = httpA.withToken("GET", "/v3/groups?name=" + SystemPolicies.ADMIN_GROUP, admin,
                        null).json().at("/groups/0/id").asText();
                String members = "/v3/groups/" + adminGroup + "/users/" + userId;
                assertThat(httpA.withToken("PUT", members, admin, null).status()).isEqualTo(204);

                // B caches carol's token and permissions.
                String token = httpB.token(Settings.DEFAULT_DOMAIN, "carol", "Carol-pass-1",
                        "{\"project\":{\"id\":\"" + PROJECT + "\"}}");
                Supplier<String> readOnB = () -> String.valueOf(httpB.withToken("GET", "/v2/" + PROJECT
                        + "/instances", token, null).status());
                assertThat(readOnB.get()).isEqualTo("200");

                // Membership changes on A: B's permission cache follows.
                assertThat(httpA.withToken("DELETE", members, admin, null).status()).isEqualTo(204);
                eventually(readOnB, "403");
                assertThat(httpA.withToken("PUT", members, admin, null).status()).isEqualTo(204);
                eventually(readOnB, "200");

                // Disabled on A: refused on B; enabled again, a new token works on B.
                assertThat(httpA.withToken("PUT", "/v3.0/OS-USER/users/" + userId, admin,
                        "{\"user\":{\"enabled\":false}}").status()).isEqualTo(200);
                eventually(readOnB, "401");
                assertThat(httpA.withToken("PUT", "/v3.0/OS-USER/users/" + userId, admin,
                        "{\"user\":{\"enabled\":true}}").status()).isEqualTo(200);
                String second = httpB.token(Settings.DEFAULT_DOMAIN, "carol", "Carol-pass-1", "{\"project\":{\"id\":\""
                        + PROJECT + "\"}}");
                Supplier<String> secondOnB = () -> String.valueOf(httpB.withToken("GET", "/v2/" + PROJECT
                        + "/instances", second, null).status());
                assertThat(secondOnB.get()).isEqualTo("200");

                // A new password on A: the tokens B had are refused.
                assertThat(httpA.withToken("PUT", "/v3.0/OS-USER/users/" + userId, admin,
                        "{\"user\":{\"password\":\"Carol-pass-2\"}}").status()).isEqualTo(200);
                eventually(secondOnB, "401");
                String third = httpB.token(Settings.DEFAULT_DOMAIN, "carol", "Carol-pass-2", "{\"project\":{\"id\":\""
                        + PROJECT + "\"}}");
                Supplier<String> thirdOnB = () -> String.valueOf(httpB.withToken("GET", "/v2/" + PROJECT
                        + "/instances", third, null).status());
                assertThat(thirdOnB.get()).isEqualTo("200");

                // Deleted on A: gone on B.
                assertThat(httpA.withToken("DELETE", "/v3/users/" + userId, admin, null).status()).isEqualTo(204);
                eventually(thirdOnB, "401");
                assertThat(httpB.withToken("GET", "/v3.0/OS-USER/users/" + userId, admin, null).status())
                        .isEqualTo(404);
            }
        }
    }
}
