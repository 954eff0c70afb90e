package dev.romalocal.iam;

import dev.romalocal.error.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyDocumentTest {

    @Test
    void parsesTheSystemPolicies() {
        for (SystemPolicies.SystemPolicy p : SystemPolicies.ALL) {
            PolicyDocument d = PolicyDocument.parse(p.policy(), "policy");
            assertThat(d.statements()).isNotEmpty();
            assertThat(PolicyDocument.parse(d.toJson().toString(), "policy")).isEqualTo(d);
        }
    }

    @Test
    void wildcardsMatchWithinOnePartOfAnAction() {
        assertThat(PolicyDocument.matches("roma:*:*", "roma:instances:get")).isTrue();
        assertThat(PolicyDocument.matches("roma:instances:*", "roma:instances:delete")).isTrue();
        assertThat(PolicyDocument.matches("roma:*:get", "roma:instances:get")).isTrue();
        assertThat(PolicyDocument.matches("roma:*:get", "roma:instances:list")).isFalse();
        assertThat(PolicyDocument.matches("roma:instances:get*", "roma:instances:getdetail")).isTrue();
        assertThat(PolicyDocument.matches("roma:*", "roma:instances:get")).isFalse();
        assertThat(PolicyDocument.matches("*:*:*", "romalocal:audit:list")).isTrue();
        assertThat(PolicyDocument.matches("roma:*:*", "romalocal:audit:list")).isFalse();
        assertThat(PolicyDocument.matches("roma:instances:get", "roma:instances:get")).isTrue();
        assertThat(PolicyDocument.matches("roma:instances:get", "ROMA:Instances:GET")).isTrue();
    }

    /** Generated: a pattern made from an action by replacing parts with wildcards always matches it. */
    @Test
    void aPatternDerivedFromAnActionMatchesIt() {
        Random r = new Random(42);
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 2_000; i++) {
            String[] parts = new String[3];
            String[] pattern = new String[3];
            for (int k = 0; k < 3; k++) {
                StringBuilder b = new StringBuilder();
                for (int n = 1 + r.nextInt(8); n > 0; n--) {
                    b.append(letters.charAt(r.nextInt(letters.length())));
                }
                parts[k] = b.toString();
                int cut = r.nextInt(parts[k].length() + 1);
                pattern[k] = switch (r.nextInt(3)) {
                    case 0 -> "*";
                    case 1 -> parts[k].substring(0, cut) + "*";
                    default -> parts[k];
                };
            }
            String action = String.join(":", parts);
            String p = String.join(":", pattern);
            assertThat(PolicyDocument.matches(p, action)).as("%s vs %s", p, action).isTrue();
            // Another service never matches a pattern whose service part is literal.
            if (!pattern[0].contains("*")) {
                assertThat(PolicyDocument.matches(p, "x" + action)).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "[]", "{}", "{\"Version\":\"1.0\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:*\"]}]}",
            "{\"Version\":\"1.1\"}", "{\"Version\":\"1.1\",\"Statement\":[]}",
            "{\"Version\":\"1.1\",\"Statement\":{}}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":[\"roma:*:*\"]}]}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\"}]}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[]}]}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma\"]}]}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:a:b:c\"]}]}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[7]}]}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:*\"],\"Condition\":{}}]}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:*\"],\"Resource\":[]}]}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:*\"],\"Extra\":1}]}",
            "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"roma:*:*\"]}],\"Extra\":1}",
            "{\"Version\":\"1.1\",\"Statement\":[1]}"})
    void refusesMalformedPoliciesNamingTheField(String json) {
        assertThatThrownBy(() -> PolicyDocument.parse(json, "role.policy"))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).startsWith("role.policy"));
    }

    /** Generated: random mutations of a valid policy either parse or fail as a parameter error, never otherwise. */
    @Test
    void mutatedPoliciesParseOrFailCleanly() {
        String base = "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"roma:instances:delete\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"roma:*:*\"]}]}";
        Random r = new Random(7);
        String alphabet = "{}[]\":,*AaDeny1.";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder b = new StringBuilder(base);
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            try {
                PolicyDocument d = PolicyDocument.parse(b.toString(), "policy");
                assertThat(d.statements()).isNotEmpty();
            } catch (InvalidParameterException expected) {
                assertThat(expected.parameter()).startsWith("policy");
            }
        }
    }

    @Test
    void lowerCasesActions() {
        PolicyDocument d = PolicyDocument.parse(
                "{\"Version\":\"1.1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ROMA:Instances:Get\"]}]}",
                "p");
        assertThat(d.statements().get(0).actions()).isEqualTo(List.of("roma:instances:get"));
    }
}
