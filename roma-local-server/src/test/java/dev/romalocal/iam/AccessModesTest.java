package dev.romalocal.iam;

import dev.romalocal.RomaLocal;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three access modes, with a user that holds no permission: {@code enforce} refuses, {@code soft} lets it
 * through, {@code off} also ignores a token's scope; in every mode the server-wide control routes stay the built-in
 * administrator's and another account's projects stay out of reach.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AccessModesTest {
    static final String P = Settings.DEFAULT_PROJECT_ID;
    static final String PASSWORD = "Viewer-pass-1";

    @Parameter
    Backend backend;

    /** What a user in no group got, per kind of request. */
    record Outcomes(int read, int readWithDomainToken, int delete, int operatorRoute, int otherAccount,
                    String readReason) {
    }

    Outcomes run(Settings.AccessMode mode) {
        try (Backend.Store store = backend.fresh()) {
            Settings s = store.settings();
            Settings.Identity i = s.identity();
            s = s.withIdentity(new Settings.Identity(i.domainName(), i.projectId(), i.projectName(), i.adminUser(),
                    i.adminPassword(), i.accessKey(), i.secretKey(), i.tokenTtl(), mode, i.auditRetention()));
            try (RomaLocal server = RomaLocal.start(s)) {
                Http http = new Http(server.endpoint());
                String admin = http.adminToken();
                assertThat(http.withToken("PUT", "/_roma_local/projects/" + P + "/instances/m-1", admin, "{}")
                        .status()).isEqualTo(201);
                Http.Response user = http.withToken("POST", "/v3.0/OS-USER/users", admin,
                        "{\"user\":{\"name\":\"viewer\",\"domain_id\":\"" + server.identity().domainId()
                                + "\",\"password\":\"" + PASSWORD + "\"}}");
                assertThat(user.status()).as(user.text()).isEqualTo(201);
                Http.Response other = http.withToken("POST", "/_roma_local/accounts", admin,
                        "{\"name\":\"other\",\"password\":\"Other-pass-1\"}");
                assertThat(other.status()).as(other.text()).isEqualTo(201);
                String otherProject = other.json().get("project_id").asText();

                String token = http.token(Settings.DEFAULT_DOMAIN, "viewer", PASSWORD,
                        "{\"project\":{\"id\":\"" + P + "\"}}");
                String domainToken = http.token(Settings.DEFAULT_DOMAIN, "viewer", PASSWORD,
                        "{\"domain\":{\"name\":\"" + Settings.DEFAULT_DOMAIN + "\"}}");
                Http.Response read = http.withToken("GET", "/v2/" + P + "/apic/instances/m-1", token, null);
                int readDomain = http.withToken("GET", "/v2/" + P + "/apic/instances/m-1", domainToken, null)
                        .status();
                int operator = http.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":1}")
                        .status();
                int otherAccount = http.withToken("GET", "/v2/" + otherProject + "/apic/instances/m-1", domainToken,
                        null).status();
                int delete = http.withToken("DELETE", "/v1/" + P + "/roma/instances/m-1", token, null).status();
                return new Outcomes(read.status(), readDomain, delete, operator, otherAccount,
                        read.header("X-Roma-Local-Reason"));
            }
        }
    }

    @Test
    void enforceRefusesWhatNoPolicyAllows() {
        Outcomes o = run(Settings.AccessMode.ENFORCE);
        assertThat(o).isEqualTo(new Outcomes(403, 403, 403, 403, 403, o.readReason()));
        assertThat(o.readReason()).contains("viewer").contains("no policy").contains("roma:instances:get");
    }

    @Test
    void softLetsItThroughButKeepsScopesOperatorRoutesAndAccounts() {
        Outcomes o = run(Settings.AccessMode.SOFT);
        assertThat(o).isEqualTo(new Outcomes(200, 403, 202, 403, 403, null));
    }

    @Test
    void offAlsoIgnoresScopesButNotOperatorRoutesNorAccounts() {
        Outcomes o = run(Settings.AccessMode.OFF);
        assertThat(o).isEqualTo(new Outcomes(200, 200, 202, 403, 403, null));
    }
}
