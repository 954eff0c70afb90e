package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.api.Nested;

/** {@link TokenSuite} on both stores. */
class TokenTest {
    @Nested
    class OnH2 extends TokenSuite {
        @Override
        protected Backend backend() {
            return Backend.H2;
        }
    }

    @Nested
    class OnPostgres extends TokenSuite {
        @Override
        protected Backend backend() {
            return Backend.POSTGRES;
        }
    }
}
