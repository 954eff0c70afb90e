package dev.romalocal.instance;

import dev.romalocal.json.Reasons;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * A listener's backend addresses are of its {@code ip_version}: IPv6 addresses when it is 6, IPv4 ones when it is 4
 * or absent (API page, Table 5). Each address is first an address at all ({@link Rule#IP} on the list's items); this
 * checks the version, and the violation names {@code backend.ip} with the address of the other version.
 */
@Documented
@Constraint(validatedBy = ListenerAddresses.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface ListenerAddresses {
    /** The rule in words, for schemas. */
    String ABOUT = "backend.ip holds IPv4 addresses when ip_version is 4 (or absent), IPv6 addresses when it is 6.";

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the addresses against the version. */
    final class Check implements ConstraintValidator<ListenerAddresses, Instance.Listener> {
        @Override
        public boolean isValid(Instance.Listener l, ConstraintValidatorContext context) {
            String problem = l == null ? null : Rules.listenerAddressProblem(l);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(Reasons.literal(problem))
                    .addPropertyNode("backend").addPropertyNode("ip").addConstraintViolation();
            return false;
        }
    }
}
