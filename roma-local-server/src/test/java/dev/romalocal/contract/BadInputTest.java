package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.api.Nested;

/** {@link BadInputSuite} on both stores. */
class BadInputTest {
    @Nested
    class OnH2 extends BadInputSuite {
        @Override
        protected Backend backend() {
            return Backend.H2;
        }
    }

    @Nested
    class OnPostgres extends BadInputSuite {
        @Override
        protected Backend backend() {
            return Backend.POSTGRES;
        }
    }
}
