package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.api.Nested;

/** {@link LifecycleHardeningSuite} on both stores. */
class LifecycleHardeningTest {
    @Nested
    class OnH2 extends LifecycleHardeningSuite {
        @Override
        protected Backend backend() {
            return Backend.H2;
        }
    }

    @Nested
    class OnPostgres extends LifecycleHardeningSuite {
        @Override
        protected Backend backend() {
            return Backend.POSTGRES;
        }
    }
}
