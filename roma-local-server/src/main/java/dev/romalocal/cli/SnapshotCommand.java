package dev.romalocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.store.OwnerOnly;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** {@code roma-local snapshot export|import}. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Export the whole state of a running server to a file, or replace it with one (docs/snapshots.md).",
        subcommands = {SnapshotCommand.Export.class, SnapshotCommand.Import.class})
final class SnapshotCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the whole state (identity with secret keys, instances, operations, faults, history, "
                    + "clock) as one JSON document, read in one transaction. The file is owner-only: it holds "
                    + "credentials.")
    static final class Export extends ClientCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Where to write it; - or none: "
                + "standard output.")
        Path file;

        @Override
        int run(RomaLocalControl client) throws Exception {
            byte[] doc = client.exportSnapshot();
            if (file == null || file.toString().equals("-")) {
                out().println(new String(doc, java.nio.charset.StandardCharsets.UTF_8));
                out().flush();
                return OK;
            }
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, ".roma-local-snapshot-", ".tmp");
            try {
                OwnerOnly.createdFile(tmp);
                Files.write(tmp, doc);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (json()) {
                printJson(Map.of("file", file.toString(), "bytes", doc.length));
            } else {
                out().println("wrote " + file + " (" + doc.length + " bytes)");
                out().flush();
            }
            return OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Replace the server's whole state with a snapshot document, in one transaction. Tokens "
                    + "end; what the snapshot's identity holds is what works afterwards.")
    static final class Import extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The snapshot document; - for standard input.")
        Path file;

        @Override
        int run(RomaLocalControl client) throws Exception {
            byte[] doc;
            if (file.toString().equals("-")) {
                doc = System.in.readAllBytes();
            } else if (!Files.isReadable(file)) {
                err().println("roma-local: cannot read " + file);
                return USAGE;
            } else {
                doc = Files.readAllBytes(file);
            }
            JsonNode r = client.importSnapshot(doc);
            if (json()) {
                printJson(r);
                return OK;
            }
            Table t = new Table("TABLE", "ROWS");
            r.path("rows").fields().forEachRemaining(e -> t.row(e.getKey(), e.getValue().asInt()));
            t.print(out());
            return OK;
        }
    }
}
