package dev.romalocal.cli;

import dev.romalocal.RomaLocal;

import java.util.List;

/** The start banner's lines, for tests outside the package. */
public final class ServeCommandBanner {
    private ServeCommandBanner() {
    }

    public static List<String> lines(RomaLocal server) {
        return ServeCommand.banner(server);
    }
}
