package dev.romalocal.json;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Set;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * The value (a string, or an integer by its decimal spelling) is one of these; null passes. The reason lists them:
 * "must be x86 or arm", "must be TCP_CHECK, HTTP_GET or SSL_GET". The OpenAPI schema shows them as its enum.
 */
@Documented
@Constraint(validatedBy = OneOf.Check.class)
@Target({FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface OneOf {
    String[] value();

    /** Empty: the reason lists the values. */
    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a string, or an integer by its decimal spelling. */
    final class Check implements ConstraintValidator<OneOf, Object> {
        private Set<String> allowed;
        private String reason;

        @Override
        public void initialize(OneOf a) {
            allowed = Set.of(a.value());
            reason = a.message().isEmpty() ? Reasons.oneOf(a.value()) : null;
        }

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            return value == null || allowed.contains(value.toString()) || Reasons.refuse(context, reason);
        }
    }
}
