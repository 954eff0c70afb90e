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
 * A record's {@code maintain_begin} and {@code maintain_end} form a maintenance window: begin at 02, 06, 10, 14, 18
 * or 22 o'clock ({@code HH:00:00}), end exactly four hours later; both or neither (or, with {@link #beginAlone}, the
 * begin alone: the end follows from it). The violation names the field that is wrong.
 */
@Documented
@Constraint(validatedBy = MaintenanceWindow.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface MaintenanceWindow {
    /** The rule in words, for schemas. */
    String ABOUT = "maintain_begin (HH:00:00, HH one of 02, 06, 10, 14, 18, 22) and maintain_end (four hours later) "
            + "are given together or not at all.";

    /** The begin may come alone (an update: the end is four hours later). */
    boolean beginAlone() default false;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** What a record with a maintenance window has. */
    interface Fields {
        String maintainBegin();

        String maintainEnd();
    }

    /** Checks the window. */
    final class Check implements ConstraintValidator<MaintenanceWindow, Fields> {
        private boolean beginAlone;

        @Override
        public void initialize(MaintenanceWindow a) {
            beginAlone = a.beginAlone();
        }

        @Override
        public boolean isValid(Fields f, ConstraintValidatorContext context) {
            Rules.WindowProblem p = f == null ? null
                    : Rules.windowProblem(f.maintainBegin(), f.maintainEnd(), beginAlone);
            if (p == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(Reasons.literal(p.reason()))
                    .addPropertyNode(p.inBegin() ? "maintainBegin" : "maintainEnd").addConstraintViolation();
            return false;
        }
    }
}
