package dev.romalocal.iam;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class PermissionsTest {
    static final String DOMAIN = "d1";
    static final String P1 = "p1";
    static final String P2 = "p2";

    static Permissions.Grant grant(String scope, boolean domain, String name, String policy) {
        return new Permissions.Grant("g", scope, domain, name, PolicyDocument.parse(policy, "policy"));
    }

    static Permissions.UserGrants user(boolean admin, Permissions.Grant... grants) {
        return new Permissions.UserGrants(admin, List.of(grants), new ConcurrentHashMap<>());
    }

    static final String DENY_DELETE = "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":"
            + "[\"roma:instances:delete\"]}]}";

    @Test
    void readOnlyOnAProjectAllowsReadsThereOnly() {
        var u = user(false, grant(P1, false, "ROMA ReadOnlyAccess", SystemPolicies.READ_ONLY.policy()));
        assertThat(Permissions.evaluate(u, DOMAIN, P1, "roma:instances:get").allowed()).isTrue();
        assertThat(Permissions.evaluate(u, DOMAIN, P1, "roma:instances:list").allowed()).isTrue();
        assertThat(Permissions.evaluate(u, DOMAIN, P1, "roma:instances:delete").allowed()).isFalse();
        assertThat(Permissions.evaluate(u, DOMAIN, P2, "roma:instances:get").allowed()).isFalse();
        assertThat(Permissions.evaluate(u, DOMAIN, null, "roma:instances:get").allowed()).isFalse();
    }

    @Test
    void denyWinsOverAllowWhateverTheOrder() {
        var a = user(false, grant(P1, false, "ROMA FullAccess", SystemPolicies.FULL_ACCESS.policy()),
                grant(P1, false, "no-delete", DENY_DELETE));
        var b = user(false, grant(P1, false, "no-delete", DENY_DELETE),
                grant(P1, false, "ROMA FullAccess", SystemPolicies.FULL_ACCESS.policy()));
        for (var u : List.of(a, b)) {
            Permissions.Decision d = Permissions.evaluate(u, DOMAIN, P1, "roma:instances:delete");
            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).contains("denied by policy 'no-delete'");
            assertThat(Permissions.evaluate(u, DOMAIN, P1, "roma:instances:create").allowed()).isTrue();
        }
    }

    @Test
    void aGrantOnTheAccountAppliesToEveryProjectAndTheAccount() {
        var u = user(false, grant(DOMAIN, true, "ROMA FullAccess", SystemPolicies.FULL_ACCESS.policy()));
        assertThat(Permissions.evaluate(u, DOMAIN, P1, "roma:instances:delete").allowed()).isTrue();
        assertThat(Permissions.evaluate(u, DOMAIN, P2, "roma:instances:delete").allowed()).isTrue();
        assertThat(Permissions.evaluate(u, DOMAIN, null, "roma:instances:delete").allowed()).isTrue();
        // Not another account's.
        assertThat(Permissions.evaluate(u, "d2", P1, "roma:instances:delete").allowed()).isFalse();
        // A deny on one project narrows it there only.
        var narrowed = user(false, grant(DOMAIN, true, "ROMA FullAccess", SystemPolicies.FULL_ACCESS.policy()),
                grant(P2, false, "no-delete", DENY_DELETE));
        assertThat(Permissions.evaluate(narrowed, DOMAIN, P1, "roma:instances:delete").allowed()).isTrue();
        assertThat(Permissions.evaluate(narrowed, DOMAIN, P2, "roma:instances:delete").allowed()).isFalse();
    }

    @Test
    void theAdminGroupHoldsEverythingAndNothingElseDoes() {
        assertThat(Permissions.evaluate(user(true), DOMAIN, P1, "romalocal:instances:put").allowed()).isTrue();
        assertThat(Permissions.evaluate(user(true), DOMAIN, null, "iam:users:create").allowed()).isTrue();
        Permissions.Decision none = Permissions.evaluate(user(false), DOMAIN, P1, "roma:instances:get");
        assertThat(none.allowed()).isFalse();
        assertThat(none.reason()).contains("no policy").contains("roma:instances:get").contains(P1);
        // FullAccess covers ROMA, not the emulator's control actions nor identity management.
        var full = user(false, grant(P1, false, "ROMA FullAccess", SystemPolicies.FULL_ACCESS.policy()));
        assertThat(Permissions.evaluate(full, DOMAIN, P1, "romalocal:instances:put").allowed()).isFalse();
        assertThat(Permissions.evaluate(full, DOMAIN, null, "iam:users:create").allowed()).isFalse();
    }
}
