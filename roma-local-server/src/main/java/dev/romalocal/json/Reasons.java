package dev.romalocal.json;

import jakarta.validation.ConstraintValidatorContext;

import java.util.List;

/** Helpers for constraint validators whose reason is computed rather than a fixed message. */
public final class Reasons {
    private Reasons() {
    }

    /**
     * Reports {@code reason} as this violation's message (taken literally, not as a template); null keeps the
     * constraint's own message. Always false, so a validator can end with {@code || refuse(context, reason)}.
     */
    public static boolean refuse(ConstraintValidatorContext context, String reason) {
        if (reason != null) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(literal(reason)).addConstraintViolation();
        }
        return false;
    }

    /** "must be a, b or c". */
    public static String oneOf(String... values) {
        List<String> v = List.of(values);
        return "must be " + (v.size() == 1 ? v.get(0)
                : String.join(", ", v.subList(0, v.size() - 1)) + " or " + v.get(v.size() - 1));
    }

    /** {@code text} escaped so message interpolation leaves it as it is. */
    public static String literal(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '{' || c == '}' || c == '$' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
