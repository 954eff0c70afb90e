package dev.romalocal.iam;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.Parameter;
import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in identity is exactly what the last start configured: a renamed account, admin user or access key,
 * or a changed secret key, leaves the previous credentials refused at once (same store, restarted).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class IdentityRenameTest {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;
    static final String INSTANCES = "/v2/" + PROJECT + "/instances";

    @Parameter
    Backend backend;

    Backend backend() {
        return backend;
    }

    static Settings withIdentity(Settings s, String domain, String user, String password, String ak, String sk) {
        Settings.Identity i = s.identity();
        return s.withIdentity(new Settings.Identity(domain, i.projectId(), i.projectName(), user, password, ak, sk,
                i.tokenTtl(), i.accessMode(), i.auditRetention()));
    }

    static Http.Response login(Http http, String domain, String user, String password) {
        return http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                Http.tokenBody(domain, user, password, "{\"project\":{\"id\":\"" + PROJECT + "\"}}"));
    }

    static Http.Response signed(Http http, String ak, String sk) {
        return http.signed("GET", INSTANCES, PROJECT, ak, sk, null, ZonedDateTime.now(ZoneOffset.UTC));
    }

    @Test
    void renamingAccountUserAndAccessKeyRetiresTheOldOnes() {
        try (Backend.Store store = backend().fresh()) {
            Settings first = store.settings();
            String oldToken;
            String oldDomainToken;
            try (RomaLocal server = RomaLocal.start(first)) {
                Http http = new Http(server.endpoint());
                oldToken = http.adminToken();
                oldDomainToken = http.token(Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER,
                        Settings.DEFAULT_ADMIN_PASSWORD, "{\"domain\":{\"name\":\"" + Settings.DEFAULT_DOMAIN
                                + "\"}}");
                assertThat(http.withToken("GET", INSTANCES, oldToken, null).status()).isEqualTo(200);
                assertThat(signed(http, Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY).status())
                        .isEqualTo(200);
            }
            Settings renamed = withIdentity(first, "acme", "root", "root-password", "ACMEACCESSKEY0000001",
                    "acme-secret-key-000000000000000000000000");
            try (RomaLocal server = RomaLocal.start(renamed)) {
                Http http = new Http(server.endpoint());
                // Old tokens: revoked.
                assertThat(http.withToken("GET", INSTANCES, oldToken, null).status()).isEqualTo(401);
                assertThat(http.withToken("GET", "/v3/projects", oldDomainToken, null).status()).isEqualTo(401);
                // Old user, old account name, any mix of them: no token.
                for (String[] c : new String[][]{
                        {Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER, Settings.DEFAULT_ADMIN_PASSWORD},
                        {Settings.DEFAULT_DOMAIN, "root", "root-password"},
                        {"acme", Settings.DEFAULT_ADMIN_USER, Settings.DEFAULT_ADMIN_PASSWORD},
                        {"acme", Settings.DEFAULT_ADMIN_USER, "root-password"}}) {
                    Http.Response r = login(http, c[0], c[1], c[2]);
                    assertThat(r.status()).as(String.join("/", c)).isEqualTo(401);
                    assertThat(r.errorCode()).isEqualTo("IAM.0001");
                }
                // Old access key: refused.
                Http.Response oldKey = signed(http, Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY);
                assertThat(oldKey.status()).isEqualTo(401);
                assertThat(oldKey.errorCode()).isEqualTo("APIGW.0301");
                // The new identity works.
                Http.Response newLogin = login(http, "acme", "root", "root-password");
                assertThat(newLogin.status()).as(newLogin.text()).isEqualTo(201);
                assertThat(http.withToken("GET", INSTANCES, newLogin.header("X-Subject-Token"), null).status())
                        .isEqualTo(200);
                assertThat(signed(http, "ACMEACCESSKEY0000001", "acme-secret-key-000000000000000000000000")
                        .status()).isEqualTo(200);
            }
            // Back to the first configuration: it works again, and the second one is retired in turn.
            try (RomaLocal server = RomaLocal.start(first)) {
                Http http = new Http(server.endpoint());
                assertThat(http.withToken("GET", INSTANCES, http.adminToken(), null).status()).isEqualTo(200);
                assertThat(signed(http, Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY).status())
                        .isEqualTo(200);
                assertThat(login(http, "acme", "root", "root-password").status()).isEqualTo(401);
                assertThat(signed(http, "ACMEACCESSKEY0000001", "acme-secret-key-000000000000000000000000")
                        .status()).isEqualTo(401);
                assertThat(http.withToken("GET", INSTANCES, oldToken, null).status())
                        .as("a revoked token stays revoked").isEqualTo(401);
            }
        }
    }

    @Test
    void aChangedSecretKeyRefusesTheOldOneAndAChangedPasswordRevokesTokens() {
        try (Backend.Store store = backend().fresh()) {
            Settings first = store.settings();
            String oldToken;
            try (RomaLocal server = RomaLocal.start(first)) {
                oldToken = new Http(server.endpoint()).adminToken();
            }
            Settings changed = withIdentity(first, Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER,
                    "another-password", Settings.DEFAULT_ACCESS_KEY, "another-secret-key-00000000000000000000");
            try (RomaLocal server = RomaLocal.start(changed)) {
                Http http = new Http(server.endpoint());
                assertThat(signed(http, Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY).status())
                        .isEqualTo(401);
                assertThat(signed(http, Settings.DEFAULT_ACCESS_KEY, "another-secret-key-00000000000000000000")
                        .status()).isEqualTo(200);
                assertThat(login(http, Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER,
                        Settings.DEFAULT_ADMIN_PASSWORD).status()).isEqualTo(401);
                assertThat(login(http, Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER, "another-password")
                        .status()).isEqualTo(201);
                assertThat(http.withToken("GET", INSTANCES, oldToken, null).status()).isEqualTo(401);
            }
        }
    }
}
