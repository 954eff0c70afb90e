package dev.romalocal.junit5;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated test class against an in-process ROMA Local on a free port: the annotation form of
 * {@link RomaLocalExtension} (whose builder offers the same choices and a few more). Test methods and
 * {@code @BeforeEach} methods may take the server's {@code URI}, {@link RomaLocalEndpoint @RomaLocalEndpoint}
 * {@code String}, {@code RomaLocalCredentials}, {@code RomaLocalControl}, {@link RomaLocalServer}, and — when the
 * Huawei Cloud SDK is on the test class path — a configured {@code RomaClient} or {@code IamClient}.
 *
 * <pre>{@code
 * @RomaLocalTest(pausedClock = true)
 * @RomaInstance(id = "orders-1", status = "Running", spec = "ROMA_BASIC")
 * class OrdersTest {
 *     @Test
 *     void readsTheInstance(RomaClient roma) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RomaLocalExtension.class)
public @interface RomaLocalTest {
    /** One server for every test of the class (the default), or a new one for each test. */
    RomaLocalExtension.Scope scope() default RomaLocalExtension.Scope.PER_CLASS;

    /** Reset the state (instances, operations, history, faults) before each test after the first on a server. */
    boolean reset() default true;

    /** The lifecycle profile: {@code instant}, {@code fast} (the server's default), {@code realistic}, or seconds. */
    String profile() default "";

    /** Keep the lifecycle clock paused at the start of each test: nothing moves until the test advances it. */
    boolean pausedClock() default false;

    /**
     * A JDBC URL instead of the embedded H2 store (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}); each server
     * gets a fresh PostgreSQL schema, dropped when it stops. Empty: H2 in a temporary directory, unless the system
     * property {@code roma.local.jdbc.url} is set.
     */
    String jdbcUrl() default "";

    String jdbcUser() default "postgres";

    String jdbcPassword() default "";
}
