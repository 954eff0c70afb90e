package dev.romalocal.contract;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.iam.SystemPolicies;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.IdentitySql;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.function.Supplier;

import static dev.romalocal.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL schema: a grant, a revocation, a policy change and a key deactivated on one node
 * take effect on the other's next request once the change notification has arrived (milliseconds), although the
 * other had the user's permissions and the key cached.
 */
class GrantCoherenceTest {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;

    @Test
    void identityChangesOnOneNodeReachTheOthersCaches() {
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            Settings s = store.settings();
            s = Backend.severalNodes(s);
            try (RomaLocal a = RomaLocal.start(s); RomaLocal b = RomaLocal.start(s)) {
                Http httpA = new Http(a.endpoint());
                Http httpB = new Http(b.endpoint());
                String admin = httpA.adminToken();
                String domain = a.identity().domainId();
                IdentitySql sql = new IdentitySql(Backend.POSTGRES, store);
                String user = sql.createUser(domain, "two-nodes", "Two-nodes-1");
                String group = sql.createGroup(domain, "two-nodes-group");
                sql.addMember(group, user);
                Http.Response key = httpA.withToken("POST", "/v3.0/OS-CREDENTIAL/credentials", admin,
                        "{\"credential\":{\"user_id\":\"" + user + "\"}}");
                assertThat(key.status()).isEqualTo(201);
                String ak = key.json().at("/credential/access").asText();
                String sk = key.json().at("/credential/secret").asText();
                assertThat(httpA.withToken("PUT", "/_roma_local/projects/" + PROJECT + "/instances/two-1", admin,
                        "{}").status()).isEqualTo(201);
                String path = "/v2/" + PROJECT + "/apic/instances/two-1";
                Supplier<String> readOnB = () -> String.valueOf(httpB.signed("GET", path, PROJECT, ak, sk, null,
                        ZonedDateTime.now(ZoneOffset.UTC)).status());
                assertThat(readOnB.get()).isEqualTo("403");

                // A grant on A: B's next requests (after the notification) allow.
                String grant = "/v3/projects/" + PROJECT + "/groups/" + group + "/roles/" + SystemPolicies.READ_ONLY.id();
                assertThat(httpA.withToken("PUT", grant, admin, null).status()).isEqualTo(204);
                eventually(readOnB, "200");
                // Revoked on A: B denies again.
                assertThat(httpA.withToken("DELETE", grant, admin, null).status()).isEqualTo(204);
                eventually(readOnB, "403");

                // A custom policy changed on A: B follows.
                Http.Response custom = httpA.withToken("POST", "/v3.0/OS-ROLE/roles", admin, "{\"role\":{"
                        + "\"display_name\":\"two-nodes-policy\",\"type\":\"XA\",\"description\":\"d\",\"policy\":"
                        + "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:get\"]}]}}}");
                String customId = custom.json().at("/role/id").asText();
                assertThat(httpA.withToken("PUT", "/v3/domains/" + domain + "/groups/" + group + "/roles/"
                        + customId, admin, null).status()).isEqualTo(204);
                eventually(readOnB, "200");
                assertThat(httpA.withToken("PATCH", "/v3.0/OS-ROLE/roles/" + customId, admin, "{\"role\":{\"policy\":"
                        + "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"roma:*:*\"]}]}}}")
                        .status()).isEqualTo(200);
                eventually(readOnB, "403");

                // The key deactivated on A: refused on B, which had it cached.
                assertThat(httpA.withToken("PUT", "/v3.0/OS-CREDENTIAL/credentials/" + ak, admin,
                        "{\"credential\":{\"status\":\"inactive\"}}").status()).isEqualTo(200);
                eventually(readOnB, "401");
                assertThat(httpA.withToken("DELETE", "/v3.0/OS-CREDENTIAL/credentials/" + ak, admin, null)
                        .status()).isEqualTo(204);
                eventually(readOnB, "401");
            }
        }
    }
}
