package dev.romalocal.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An instance the extension puts in place before each test (through the control API's seed route, after the reset):
 * on the test class (every test) or on a test method (that test), repeatable. Missing fields get the server's
 * generated values (docs/api.md, "Control API").
 *
 * <pre>{@code
 * @RomaInstance(id = "orders-1", status = "Running", spec = "ROMA_BASIC")
 * @RomaInstance(id = "frozen-1", status = "Frozen", json = "{\"description\": \"billing stopped\"}")
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(RomaInstances.class)
public @interface RomaInstance {
    /** The instance id. */
    String id();

    /** Any of the 34 statuses ({@code Running}, {@code Frozen}, {@code CreateFail}, ...). */
    String status() default "Running";

    /** {@code ROMA_BASIC}, {@code ROMA_PROFESSIONAL} (the server's default), {@code ROMA_ENTERPRISE}, ... */
    String spec() default "";

    /** {@code instance_name}; empty: generated ({@code roma-<first 8 of the id>}). */
    String name() default "";

    /** The project; empty: the built-in project. */
    String projectId() default "";

    /** More fields of the APIC-detail document, as a JSON object: {@code {"description": "x"}}. */
    String json() default "";
}
