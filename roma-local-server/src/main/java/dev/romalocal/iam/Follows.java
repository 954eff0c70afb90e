package dev.romalocal.iam;

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

/**
 * The string follows an {@link IdentityRule} ({@code @Follows(PASSWORD) String password}); null passes. A value
 * that does not is refused with the rule's own code (1101, 1102, 1103), the reason saying why.
 */
@Documented
@Constraint(validatedBy = Follows.Check.class)
@Target({FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface Follows {
    IdentityRule value();

    /** Empty: the rule's reason. */
    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<Follows, String> {
        private IdentityRule rule;

        @Override
        public void initialize(Follows a) {
            rule = a.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            String problem = value == null ? null : rule.problem(value);
            return problem == null || Reasons.refuse(context, problem);
        }
    }
}
