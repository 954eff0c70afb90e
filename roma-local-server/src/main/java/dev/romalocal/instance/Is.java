package dev.romalocal.instance;

import dev.romalocal.json.Reasons;
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

/** The string follows a {@link Rule} ({@code @Is(IPV4) String eipAddress}); null passes. */
@Documented
@Constraint(validatedBy = Is.Check.class)
@Target({FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface Is {
    Rule value();

    /** Empty: the rule's reason. */
    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the rule. */
    final class Check implements ConstraintValidator<Is, String> {
        private Rule rule;

        @Override
        public void initialize(Is a) {
            rule = a.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || rule.accepts(value) || Reasons.refuse(context, rule.reason());
        }
    }
}
