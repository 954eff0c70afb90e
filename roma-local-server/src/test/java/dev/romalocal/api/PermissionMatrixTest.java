package dev.romalocal.api;

import dev.romalocal.config.Settings;
import dev.romalocal.contract.ServerFixture;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.IdentitySql;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permission matrix, derived from the operation table itself (a new route is covered without editing this
 * test): every route × (allowed / not allowed / explicitly denied) × (token / AK/SK). A route that needs a
 * permission answers 403 {@code APIC.7106} exactly when the caller lacks it or a Deny covers it, and something else
 * (2xx, or a 4xx about the request itself) when the caller holds it; routes open to any valid credentials never
 * answer 403.
 *
 * <p>Three users, each in its own group with one custom policy granted on the project and on the whole account;
 * before each route the policies are changed (through the API, so the change counts from the next request): the
 * allowed user's policy allows exactly the route's action, the not-allowed user's every other action of the table,
 * the denied user's every action with a Deny of the route's. For routes reserved to the server's operator the
 * allowed caller is the built-in administrator.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class PermissionMatrixTest extends ServerFixture {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    private static final String PASSWORD = "Matrix-pass-1";

    enum Who { ALLOWED, NOT_ALLOWED, DENIED }

    enum Credential { TOKEN, AKSK }

    /** A caller: its token (scoped to the built-in project) and access key, and the policy it holds. */
    record Caller(String name, String token, String ak, String sk, String policyId) {
    }

    @Test
    void everyRouteAnswers403ExactlyWhenItsPermissionIsMissingOrDenied() {
        List<Route> routes = OperationTableTest.routes();
        List<String> actions = routes.stream().map(Route::action).filter(Objects::nonNull).distinct().sorted()
                .toList();
        Map<Who, Caller> callers = new EnumMap<>(Who.class);
        for (Who who : Who.values()) {
            callers.put(who, caller("matrix-" + who.name().toLowerCase().replace('_', '-'), actions));
        }
        Caller operator = new Caller(Settings.DEFAULT_ADMIN_USER, adminToken, Settings.DEFAULT_ACCESS_KEY,
                Settings.DEFAULT_SECRET_KEY, null);

        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Route route : routes) {
            boolean needsPermission = route.access() == Route.Access.PROJECT || route.access() == Route.Access.ACCOUNT;
            if (needsPermission) {
                String a = route.action();
                List<String> others = actions.stream().filter(x -> !x.equals(a)).toList();
                setPolicy(callers.get(Who.ALLOWED), statement("Allow", List.of(a)));
                setPolicy(callers.get(Who.NOT_ALLOWED), statement("Allow", others.isEmpty()
                        ? List.of("none:none:none") : others));
                setPolicy(callers.get(Who.DENIED), statement("Allow", actions) + "," + statement("Deny", List.of(a)));
            }
            for (Who who : Who.values()) {
                Caller c = route.access() == Route.Access.OPERATOR && who == Who.ALLOWED ? operator : callers.get(who);
                boolean expect403 = switch (route.access()) {
                    case PUBLIC, AUTHENTICATED -> false;
                    case PROJECT, ACCOUNT, OPERATOR -> who != Who.ALLOWED;
                };
                for (Credential credential : Credential.values()) {
                    Http.Response r = send(route, c, credential);
                    checked++;
                    String what = route.method() + " " + route.path() + " (" + route.access() + " "
                            + route.action() + ") as " + who + " with " + credential + ": " + r.status() + " "
                            + r.text();
                    // A refusal for want of permission is 403 APIC.7106 (a HEAD answer has no body); another 403
                    // is a rule of the operation itself (e.g. the built-in account cannot be deleted).
                    boolean permission403 = r.status() == 403 && (route.method() == HttpMethod.HEAD
                            || "APIC.7106".equals(r.json().path("error_code").asText()));
                    if (r.status() == 401) {
                        mismatches.add("credentials refused: " + what);
                    } else if (permission403 != expect403) {
                        mismatches.add((expect403 ? "expected 403: " : "unexpected 403: ") + what);
                    } else if (expect403 && route.method() != HttpMethod.HEAD
                            && !"APIC.7106".equals(r.json().path("error_code").asText())) {
                        mismatches.add("expected APIC.7106: " + what);
                    }
                }
            }
        }
        assertThat(mismatches).as("%d checks", checked).isEmpty();
        assertThat(checked).isEqualTo(routes.size() * Who.values().length * Credential.values().length);
    }

    /** A new user in a group of its own, with a custom policy granted on the project and on the whole account. */
    private Caller caller(String name, List<String> actions) {
        String domainId = server.identity().domainId();
        IdentitySql sql = new IdentitySql(backend(), store);
        String userId = sql.createUser(domainId, name, PASSWORD);
        String groupId = sql.createGroup(domainId, name + "-group");
        sql.addMember(groupId, userId);
        Http.Response policy = expect(admin("POST", "/v3.0/OS-ROLE/roles", "{\"role\":{\"display_name\":\"" + name
                + "-policy\",\"type\":\"XA\",\"description\":\"matrix\",\"policy\":{\"Version\":\"1.1\","
                + "\"Statement\":[" + statement("Allow", actions) + "]}}}"), 201);
        String policyId = policy.json().at("/role/id").asText();
        expect(admin("PUT", "/v3/projects/" + PROJECT + "/groups/" + groupId + "/roles/" + policyId, null), 204);
        expect(admin("PUT", "/v3/domains/" + domainId + "/groups/" + groupId + "/roles/" + policyId, null), 204);
        Http.Response key = expect(admin("POST", "/v3.0/OS-CREDENTIAL/credentials",
                "{\"credential\":{\"user_id\":\"" + userId + "\"}}"), 201);
        String token = http.token(Settings.DEFAULT_DOMAIN, name, PASSWORD, "{\"project\":{\"id\":\"" + PROJECT
                + "\"}}");
        return new Caller(name, token, key.json().at("/credential/access").asText(),
                key.json().at("/credential/secret").asText(), policyId);
    }

    private void setPolicy(Caller c, String statements) {
        expect(admin("PATCH", "/v3.0/OS-ROLE/roles/" + c.policyId(), "{\"role\":{\"policy\":{\"Version\":\"1.1\","
                + "\"Statement\":[" + statements + "]}}}"), 200);
    }

    private static String statement(String effect, List<String> actions) {
        return "{\"Effect\":\"" + effect + "\",\"Action\":[\"" + String.join("\",\"", actions) + "\"]}";
    }

    /** The route called with placeholder ids (the built-in project and account where the path names them). */
    private Http.Response send(Route route, Caller c, Credential credential) {
        Matcher m = PARAM.matcher(route.path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "project_id" -> PROJECT;
                case "domain_id" -> server.identity().domainId();
                default -> "matrix-" + m.group(1).replace('_', '-');
            };
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        String body = route.bodyLimit() > 0 ? "{}" : null;
        String method = route.method().name();
        if (credential == Credential.TOKEN) {
            return http.withToken(method, path.toString(), c.token(), body);
        }
        return http.signed(method, path.toString(), PROJECT, c.ak(), c.sk(), body, ZonedDateTime.now(ZoneOffset.UTC));
    }
}
