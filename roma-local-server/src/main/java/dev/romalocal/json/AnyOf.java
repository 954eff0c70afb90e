package dev.romalocal.json;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.RecordComponent;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * On a record: at least one of these components (by their Java names) is given, not null
 * ({@code @AnyOf(value = {"id", "name"}, message = "give the project's id or name")}). The refusal names the first
 * of them. The OpenAPI schema shows the alternatives as {@code anyOf}.
 */
@Documented
@Constraint(validatedBy = AnyOf.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface AnyOf {
    String[] value();

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<AnyOf, Record> {
        private String[] names;

        @Override
        public void initialize(AnyOf a) {
            names = a.value();
        }

        @Override
        public boolean isValid(Record value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            Bind.Components c = Bind.COMPONENTS.get(value.getClass());
            for (String name : names) {
                RecordComponent rc = c.all().get(c.indexOf(name));
                try {
                    rc.getAccessor().trySetAccessible();
                    if (rc.getAccessor().invoke(value) != null) {
                        return true;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode(names[0]).addConstraintViolation();
            return false;
        }
    }
}
