package dev.romalocal.iam;

import dev.romalocal.error.ErrorCode;
import dev.romalocal.json.Bind;
import dev.romalocal.json.Schema;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules of IAM's user fields, each answering IAM's own code when broken (with the reason in
 * {@code X-Roma-Local-Reason}) rather than a parameter error. Record components name theirs with {@link Follows}
 * ({@code @Follows(PASSWORD) String password}); the OpenAPI schema shows each rule's limits and reason.
 */
public enum IdentityRule implements Bind.Coded, Schema.Hint {
    /** Letters, digits, space, '-', '_', '.'; not starting with a digit or a space, not ending with a space. */
    USER_NAME(ErrorCode.IAM_USER_NAME_INVALID, Patterns.USER_NAME, Patterns.USER_NAME_RULE,
            v -> Patterns.USER_NAME.matcher(v).matches() ? null : Patterns.USER_NAME_RULE),
    /** An email address, or {@code ""} (none). */
    EMAIL(ErrorCode.IAM_EMAIL_INVALID, Patterns.EMAIL, "an email address (local@domain.tld, at most "
            + Patterns.TEXT_MAX + " characters), or \"\" for none",
            v -> v.length() <= Patterns.TEXT_MAX && Patterns.EMAIL.matcher(v).matches() ? null
                    : "not an email address: at most " + Patterns.TEXT_MAX + " characters, local@domain.tld"),
    /**
     * {@value Patterns#PASSWORD_MIN} to {@value Patterns#PASSWORD_MAX} characters, no control characters, at least
     * two kinds of characters (upper case, lower case, digits, others). That it is not the user name, forwards or
     * backwards, is checked where the user name is known ({@link UserService}).
     */
    PASSWORD(ErrorCode.IAM_PASSWORD_INVALID, null, Patterns.PASSWORD_MIN + " to " + Patterns.PASSWORD_MAX
            + " characters, no control characters, at least two kinds of characters (upper case, lower case, digits, "
            + "others), not the user name forwards or backwards", IdentityRule::passwordProblem);

    private final ErrorCode code;
    private final Pattern pattern;
    private final String about;
    private final Function<String, String> problem;

    IdentityRule(ErrorCode code, Pattern pattern, String about, Function<String, String> problem) {
        this.code = code;
        this.pattern = pattern;
        this.about = about;
        this.problem = problem;
    }

    @Override
    public ErrorCode code() {
        return code;
    }

    /** Why a (non-null) value breaks the rule, or null when it follows it. */
    public String problem(String value) {
        return problem.apply(value);
    }

    @Override
    public void describe(Map<String, Object> schema) {
        if (pattern != null) {
            schema.put("pattern", "^(?:" + pattern.pattern() + ")$");
        }
        switch (this) {
            case USER_NAME -> schema.put("maxLength", 64);
            case EMAIL -> schema.put("maxLength", Patterns.TEXT_MAX);
            case PASSWORD -> {
                schema.put("minLength", Patterns.PASSWORD_MIN);
                schema.put("maxLength", Patterns.PASSWORD_MAX);
            }
        }
        schema.put("description", about + " (else " + code.code() + ")");
    }

    private static String passwordProblem(String password) {
        if (password.length() < Patterns.PASSWORD_MIN || password.length() > Patterns.PASSWORD_MAX) {
            return "a password has " + Patterns.PASSWORD_MIN + " to " + Patterns.PASSWORD_MAX + " characters";
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            return "a password has no control characters";
        }
        if (kinds(password) < 2) {
            return "a password mixes at least two kinds of characters: upper case, lower case, digits, others";
        }
        return null;
    }

    private static int kinds(String s) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    /** The constants the rules are made of (an enum's constructor cannot read its own static fields). */
    static final class Patterns {
        static final Pattern USER_NAME = Pattern.compile("[A-Za-z_.\\-](?:[A-Za-z0-9 _.\\-]{0,62}[A-Za-z0-9_.\\-])?");
        static final String USER_NAME_RULE = "a user name has 1 to 64 letters, digits, spaces, '-', '_' or '.', does "
                + "not start with a digit or a space, nor end with a space";
        /** An address, or nothing. */
        static final Pattern EMAIL = Pattern.compile("(?:[^@\\s\\p{Cc}]{1,64}@[^@\\s\\p{Cc}]+\\.[^@\\s\\p{Cc}]+)?");
        static final int TEXT_MAX = 255;
        static final int PASSWORD_MIN = 8;
        static final int PASSWORD_MAX = 128;

        private Patterns() {
        }
    }
}
