package dev.romalocal.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.Bind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The IAM bodies as {@link Bind} reads them: the rules written by hand in the records' conversion methods (the token
 * request's method and scope), the user rules that answer IAM's own codes, and generated token bodies that either
 * parse or are refused naming a field, never otherwise. (Wrong types and unknown fields of every body are
 * {@code BodyBindingTest}'s, generated from the same records.)
 */
class RequestBodiesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode node(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {}                                                                          | auth
            {"auth":{}}                                                                 | auth.identity
            {"auth":{"identity":{}}}                                                    | auth.identity.methods
            {"auth":{"identity":{"methods":["totp"]}}}                                  | auth.identity.methods
            {"auth":{"identity":{"methods":["password","totp"]}}}                       | auth.identity.methods
            {"auth":{"identity":{"methods":["token"]}}}                                 | auth.identity.token
            {"auth":{"identity":{"methods":["token"],"token":{}}}}                      | auth.identity.token.id
            {"auth":{"identity":{"methods":["password"]}}}                              | auth.identity.password
            {"auth":{"identity":{"methods":["password"],"password":{}}}}                | auth.identity.password.user
            {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"a"}}}}} | auth.identity.password.user.password
            {"auth":{"identity":{"methods":["password"],"password":{"user":{"password":"p"}}}}} | auth.identity.password.user.name
            {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"a","password":"p"}}}}} | auth.identity.password.user.domain
            {"auth":{"identity":{"methods":["token"],"token":{"id":"t"}},"scope":{"project":{"id":"p"},"domain":{"id":"d"}}}} | auth.scope
            {"auth":{"identity":{"methods":["token"],"token":{"id":"t"}},"scope":{"project":{}}}} | auth.scope.project.id
            {"auth":{"identity":{"methods":["token"],"token":{"id":"t"}},"scope":{"project":{"name":"p","domain":{}}}}} | auth.scope.project.domain.id
            {"auth":{"identity":{"methods":["token"],"token":{"id":"t"}},"scope":{"domain":{}}}} | auth.scope.domain.id
            """)
    void tokenRequestRefusalsNameTheField(String json, String parameter) {
        assertThatThrownBy(() -> AuthRequest.parse(node(json)))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameter()).as(json).isEqualTo(parameter));
    }

    @Test
    void tokenRequestsParse() {
        AuthRequest byName = AuthRequest.parse(node("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
                 "password": "secret", "domain": {"name": "acme"}, "sdk_extra": 1}}},
                 "scope": {"project": {"name": "cn-north-4", "domain": {"id": "d1"}}}}, "extra": true}"""));
        assertThat(byName.method()).isEqualTo(AuthRequest.Method.PASSWORD);
        assertThat(byName.userName()).isEqualTo("admin");
        assertThat(byName.domainName()).isEqualTo("acme");
        assertThat(byName.scope()).isEqualTo(new AuthRequest.Scope(null, "cn-north-4", "d1", null, null, null));
        assertThat(byName.toString()).doesNotContain("secret");
        AuthRequest byToken = AuthRequest.parse(node("""
                {"auth": {"identity": {"methods": ["token"], "token": {"id": "MIIx"}},
                 "scope": {"domain": {"name": "acme"}}}}"""));
        assertThat(byToken.token()).isEqualTo("MIIx");
        assertThat(byToken.scope().isDomain()).isTrue();
        assertThat(AuthRequest.parse(node("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "u1",
                 "password": ""}}}}}""")).userId()).isEqualTo("u1");
    }

    /** Generated token bodies: each parses or is a parameter error naming a field of the body, never otherwise. */
    @Test
    void generatedTokenBodiesParseOrNameAField() {
        long seed = Long.getLong("roma.auth.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        String[] methods = {"[\"password\"]", "[\"token\"]", "[]", "[\"password\",\"token\"]", "[\"x\"]", "null",
                "\"password\"", "[1]", "{}"};
        String[] users = {"{\"name\":\"a\",\"password\":\"p\",\"domain\":{\"name\":\"d\"}}", "{\"id\":\"u\",\"password\":\"p\"}",
                "{\"name\":\"a\",\"password\":\"p\"}", "{\"password\":\"p\"}", "{}", "{\"id\":5,\"password\":\"p\"}",
                "{\"id\":\"u\",\"password\":\"p\",\"domain\":{}}", "[]", "null"};
        String[] tokens = {"{\"id\":\"t\"}", "{\"id\":\"\"}", "{}", "{\"id\":[]}", "\"t\"", "null"};
        String[] scopes = {"{\"project\":{\"id\":\"p\"}}", "{\"project\":{\"name\":\"p\",\"domain\":{\"id\":\"d\"}}}",
                "{\"domain\":{\"name\":\"d\"}}", "{\"project\":{\"id\":\"p\"},\"domain\":{\"id\":\"d\"}}", "{}",
                "{\"project\":{}}", "{\"project\":{\"domain\":{}}}", "{\"domain\":1}", "null", "[]"};
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder identity = new StringBuilder("{");
            List<String> parts = new ArrayList<>();
            if (r.nextInt(8) != 0) {
                parts.add("\"methods\":" + methods[r.nextInt(methods.length)]);
            }
            if (r.nextBoolean()) {
                parts.add("\"password\":{\"user\":" + users[r.nextInt(users.length)] + "}");
            }
            if (r.nextBoolean()) {
                parts.add("\"token\":" + tokens[r.nextInt(tokens.length)]);
            }
            identity.append(String.join(",", parts)).append('}');
            String body = "{\"auth\":{\"identity\":" + identity
                    + (r.nextBoolean() ? ",\"scope\":" + scopes[r.nextInt(scopes.length)] : "") + "}}";
            try {
                AuthRequest.parse(node(body));
                accepted.add(body);
            } catch (InvalidParameterException e) {
                assertThat(e.parameter()).as("%s (-Droma.auth.seed=%d)", body, seed).startsWith("auth");
            } catch (RuntimeException e) {
                fail("%s -> %s (-Droma.auth.seed=%d)", body, e, seed);
            }
        }
        assertThat(accepted).as("some generated bodies are valid (seed %d)", seed).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"name": "9lives", "domain_id": "d"}                     | 1101 | user.name: a user name
            {"name": "ok ", "domain_id": "d"}                        | 1101 | user.name: a user name
            {"name": "ok", "domain_id": "d", "email": "a@b"}         | 1102 | user.email: not an email address
            {"name": "ok", "domain_id": "d", "password": "short1"}   | 1103 | user.password: a password has 8 to 128
            {"name": "ok", "domain_id": "d", "password": "aaaaaaaa"} | 1103 | user.password: a password mixes
            {"name": "ok", "domain_id": "d", "password": "Aa\\u0000aaaaa"} | 1103 | user.password: a password has no control
            """)
    void userRulesAnswerIamsOwnCodes(String user, String code, String reason) {
        assertThatThrownBy(() -> Bind.body(node("{\"user\": " + user + "}"), IdentityRequests.CreateUser.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).as(user).isEqualTo(code);
                    assertThat(e.reason()).as(user).startsWith(reason);
                });
    }

    @Test
    void userBodiesBindWhatTheSdkSends() {
        IdentityRequests.CreateUserOption u = Bind.body(node("""
                {"user": {"name": "dev.one", "domain_id": "d", "password": "Passw0rd!", "email": "", "enabled": false,
                 "access_mode": "programmatic", "areacode": "0086", "phone": "1", "pwd_status": true,
                 "xuser_type": "", "xuser_id": "", "description": "d"}}"""), IdentityRequests.CreateUser.class).user();
        assertThat(u.email()).isEmpty();
        assertThat(u.enabled()).isFalse();
        assertThat(u.toString()).doesNotContain("Passw0rd!");
        assertThatThrownBy(() -> Bind.body(node("{\"user\": {\"name\": \"\"}}"), IdentityRequests.UpdateUser.class))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.reason()).isEqualTo("must not be empty"));
        assertThat(Bind.body(node("{\"name\": \"acme\", \"password\": \"Passw0rd!\"}"),
                IdentityRequests.CreateAccount.class).administrator()).isEqualTo("acme");
    }

    @Test
    void theNotTheUserNameRuleIsTheServices() {
        assertThatThrownBy(() -> UserService.checkPasswordIsNotName("EmaN-ko", "ok-NamE"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("1103"));
        UserService.checkPasswordIsNotName("Passw0rd!", "admin");
    }

    @Test
    void temporaryKeyBodiesRefuseAgenciesAndSessionPolicies() {
        for (String[] c : new String[][]{
                {"{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"policy\":{}}}}", "auth.identity.policy"},
                {"{\"auth\":{\"identity\":{\"methods\":[\"assume_role\"],\"assume_role\":{\"agency_name\":\"a\"}}}}",
                        "auth.identity.assume_role"},
                {"{\"auth\":{\"identity\":{\"methods\":[\"token\"],\"token\":{\"duration_seconds\":86401}}}}",
                        "auth.identity.token.duration_seconds"},
                {"{\"auth\":{\"identity\":{\"methods\":[]}}}", "auth.identity.methods"}}) {
            assertThatThrownBy(() -> Bind.body(node(c[0]), KeyService.CreateTemporaryKey.class))
                    .isInstanceOfSatisfying(InvalidParameterException.class,
                            e -> assertThat(e.parameter()).as(c[0]).isEqualTo(c[1]));
        }
    }
}
