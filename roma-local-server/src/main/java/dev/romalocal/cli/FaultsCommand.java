package dev.romalocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.romalocal.client.RomaLocalControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code roma-local faults add|list|clear}. */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Arm, list or clear lifecycle step faults of a running server.",
        subcommands = {FaultsCommand.Add.class, FaultsCommand.ListFaults.class, FaultsCommand.Clear.class})
final class FaultsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = "The next matching operations fail or time out at a step (POST /_roma_local/faults).")
    static final class Add extends ClientCommand {
        @Option(names = "--operation", required = true, description = "create, delete, restart, upgrade, ...")
        String operation;

        @Option(names = "--effect", required = true, description = "fail or timeout.")
        String effect;

        @Option(names = "--step", description = "The step (a status of the operation, e.g. Installing); "
                + "default the operation's first step that can fail.")
        String step;

        @Option(names = "--count", description = "How many operations it hits (default 1).")
        Integer count;

        @Option(names = "--instance", description = "Only this instance's operations.")
        String instanceId;

        @Option(names = "--error-code", description = "The error_code the failed instance shows.")
        String errorCode;

        @Option(names = "--error-message", description = "The error message it shows.")
        String errorMessage;

        @Override
        int run(RomaLocalControl client) throws Exception {
            ObjectNode body = JSON.createObjectNode().put("operation", operation).put("effect", effect);
            if (step != null) {
                body.put("step", step);
            }
            if (count != null) {
                body.put("count", count);
            }
            if (instanceId != null) {
                body.put("instance_id", instanceId).put("project_id", options.projectId);
            }
            if (errorCode != null) {
                body.put("error_code", errorCode);
            }
            if (errorMessage != null) {
                body.put("error_message", errorMessage);
            }
            JsonNode f = client.call("POST", "/_roma_local/faults", body.toString());
            if (json()) {
                printJson(f);
                return OK;
            }
            stepTable().row(text(f, "id"), text(f, "operation"), text(f, "step"), text(f, "effect"),
                    text(f, "remaining"), text(f, "instance_id")).print(out());
            return OK;
        }
    }

    static Table stepTable() {
        return new Table("ID", "OPERATION", "STEP", "EFFECT", "REMAINING", "INSTANCE");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Armed step faults and request faults.")
    static final class ListFaults extends ClientCommand {
        @Override
        int run(RomaLocalControl client) throws Exception {
            JsonNode all = client.call("GET", "/_roma_local/faults", null);
            if (json()) {
                printJson(all);
                return OK;
            }
            Table steps = stepTable();
            all.path("step_faults").forEach(f -> steps.row(text(f, "id"), text(f, "operation"), text(f, "step"),
                    text(f, "effect"), text(f, "remaining"), text(f, "instance_id")));
            steps.print(out());
            if (!all.path("request_faults").isEmpty()) {
                out().println();
                Table requests = new Table("REQUEST FAULT", "METHOD", "PATH", "ERROR", "REMAINING");
                all.path("request_faults").forEach(f -> requests.row(text(f, "id"), text(f, "method"),
                        text(f, "path"), text(f, "error_code"), text(f, "remaining")));
                requests.print(out());
            }
            return OK;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Disarm every fault.")
    static final class Clear extends ClientCommand {
        @Override
        int run(RomaLocalControl client) throws Exception {
            client.clearFaults();
            if (json()) {
                printJson(Map.of("cleared", true));
            } else {
                out().println("every fault disarmed");
                out().flush();
            }
            return OK;
        }
    }
}
