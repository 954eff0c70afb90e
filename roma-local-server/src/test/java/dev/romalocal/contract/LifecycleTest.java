package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.api.Nested;

/** {@link LifecycleSuite} on both stores. */
class LifecycleTest {
    @Nested
    class OnH2 extends LifecycleSuite {
        @Override
        protected Backend backend() {
            return Backend.H2;
        }
    }

    @Nested
    class OnPostgres extends LifecycleSuite {
        @Override
        protected Backend backend() {
            return Backend.POSTGRES;
        }
    }
}
