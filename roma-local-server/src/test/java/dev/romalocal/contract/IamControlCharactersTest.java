package dev.romalocal.contract;

import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control characters (a NUL above all: PostgreSQL refuses one in a string outright) in the IAM values that are
 * looked up in the store: token requests' names and ids are refused (400 {@code IAM.0007} naming the field), list
 * filters find nothing, an email is IAM's {@code 1102}; never a 500. On each store.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class IamControlCharactersTest extends ServerFixture {
    private static final String NUL = "a\\u0000b";

    @Test
    void tokenRequestNamesAndIdsWithControlCharactersAreRefusedNamingTheField() {
        String d = Settings.DEFAULT_DOMAIN;
        String u = Settings.DEFAULT_ADMIN_USER;
        String pw = Settings.DEFAULT_ADMIN_PASSWORD;
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Http.tokenBody(NUL, u, pw, null), "auth.identity.password.user.domain.name");
        cases.put(Http.tokenBody(d, NUL, pw, null), "auth.identity.password.user.name");
        cases.put("{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"id\":\"" + NUL
                + "\",\"password\":\"" + pw + "\"}}}}}", "auth.identity.password.user.id");
        cases.put(Http.tokenBody(d, u, pw, "{\"project\":{\"name\":\"" + NUL + "\"}}"), "auth.scope.project.name");
        cases.put(Http.tokenBody(d, u, pw, "{\"project\":{\"id\":\"" + NUL + "\"}}"), "auth.scope.project.id");
        cases.put(Http.tokenBody(d, u, pw, "{\"domain\":{\"id\":\"" + NUL + "\"}}"), "auth.scope.domain.id");
        cases.put(Http.tokenBody(d, "n".repeat(256), pw, null), "auth.identity.password.user.name");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Http.Response r = http.send("POST", "/v3/auth/tokens", Map.of("Content-Type", "application/json"),
                    c.getKey());
            assertThat(r.status()).as("%s -> %s", c.getKey(), r.text()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("IAM.0007");
            assertThat(r.json().get("error_msg").asText()).as(c.getKey()).contains(c.getValue());
        }
    }

    @Test
    void nameFiltersWithControlCharactersFindNothing() {
        for (String path : List.of("/v3/users?name=%00", "/v3/groups?name=a%00b", "/v3/projects?name=%00",
                "/v3/users?name=%07&enabled=true")) {
            Http.Response r = admin("GET", path, null);
            assertThat(r.status()).as("%s -> %s", path, r.text()).isEqualTo(200);
            String list = path.startsWith("/v3/users") ? "users" : path.startsWith("/v3/groups") ? "groups"
                    : "projects";
            assertThat(r.json().get(list)).as(path).isEmpty();
        }
    }

    @Test
    void anEmailWithAControlCharacterIsIamsInvalidEmail() {
        Http.Response r = admin("POST", "/v3.0/OS-USER/users", "{\"user\":{\"name\":\"mailer\",\"domain_id\":\""
                + server.identity().domainId() + "\",\"email\":\"a\\u0000b@example.com\"}}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("1102");
        assertThat(r.header("X-Roma-Local-Reason")).startsWith("user.email: ");
    }
}
