package dev.romalocal.process;

import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;

import java.util.ArrayList;
import java.util.List;

/** The command-line flags that point a server process at a test store. */
final class ProcessFlags {
    private ProcessFlags() {
    }

    static List<String> forStore(Backend.Store store, String... more) {
        List<String> flags = new ArrayList<>();
        Settings.Store st = store.settings().store();
        if (st.jdbcUrl() != null) {
            flags.addAll(List.of("--jdbc-url", st.jdbcUrl(), "--jdbc-user", st.jdbcUser()));
        }
        flags.addAll(List.of(more));
        return flags;
    }
}
