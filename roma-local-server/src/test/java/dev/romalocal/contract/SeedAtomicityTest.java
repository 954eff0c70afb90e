package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.api.Nested;

/** {@link SeedAtomicitySuite} on both stores. */
class SeedAtomicityTest {
    @Nested
    class OnH2 extends SeedAtomicitySuite {
        @Override
        protected Backend backend() {
            return Backend.H2;
        }
    }

    @Nested
    class OnPostgres extends SeedAtomicitySuite {
        @Override
        protected Backend backend() {
            return Backend.POSTGRES;
        }
    }
}
