package dev.romalocal.contract;

import dev.romalocal.testing.Backend;
import org.junit.jupiter.api.Nested;

/** {@link ContractSuite} on both stores. */
class ContractTest {
    @Nested
    class OnH2 extends ContractSuite {
        @Override
        protected Backend backend() {
            return Backend.H2;
        }
    }

    @Nested
    class OnPostgres extends ContractSuite {
        @Override
        protected Backend backend() {
            return Backend.POSTGRES;
        }
    }
}
