package dev.romalocal.json;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * Free text a person typed (a name, a description): at most {@link #max} characters, no control characters, and,
 * unless {@link #blank}, not only white space; null passes. The reason says which: "at most 255 characters", "must
 * not contain control characters", "must not be blank".
 */
@Documented
@Constraint(validatedBy = Text.Check.class)
@Target({FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface Text {
    int max();

    /** Whether a value of only white space (or an empty one) is allowed. */
    boolean blank() default true;

    /** Empty: the reason says which rule is broken. */
    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<Text, String> {
        private int max;
        private boolean blank;

        @Override
        public void initialize(Text a) {
            max = a.max();
            blank = a.blank();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            String why = value == null ? null
                    : value.length() > max ? "at most " + max + " characters"
                    : value.chars().anyMatch(Character::isISOControl) ? "must not contain control characters"
                    : !blank && value.isBlank() ? "must not be blank" : null;
            return why == null || Reasons.refuse(context, why);
        }
    }
}
