package dev.romalocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.romalocal.client.InstanceDetail;
import dev.romalocal.client.InstanceEvent;
import dev.romalocal.client.RomaLocalControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code roma-local instances list|show|create|delete|wait}. */
@Command(name = "instances", mixinStandardHelpOptions = true,
        description = "List, show, create, delete instances of a running server, or wait for a status.",
        subcommands = {InstancesCommand.ListInstances.class, InstancesCommand.Show.class, InstancesCommand.Create.class,
                InstancesCommand.Delete.class, InstancesCommand.Wait.class})
final class InstancesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The project's instances (GET /v2/{project_id}/instances, every page).")
    static final class ListInstances extends ClientCommand {
        @Option(names = "--status", description = "Only instances in this status.")
        String status;

        @Override
        int run(RomaLocalControl client) throws Exception {
            ArrayNode all = JSON.createArrayNode();
            int total;
            int offset = 0;
            do {
                JsonNode page = client.call("GET", "/v2/" + encode(options.projectId) + "/instances?limit=100&offset="
                        + offset + (status == null ? "" : "&status=" + encode(status)), null);
                total = page.path("total").asInt();
                page.path("instances").forEach(all::add);
                offset += page.path("instances").size();
                if (page.path("instances").isEmpty()) {
                    break;
                }
            } while (offset < total);
            if (json()) {
                ObjectNode o = JSON.createObjectNode();
                o.put("total", all.size());
                o.set("instances", all);
                printJson(o);
                return OK;
            }
            Table t = new Table("ID", "NAME", "STATUS", "FLAVOR", "CREATED");
            all.forEach(i -> t.row(text(i, "id"), text(i, "name"), text(i, "status"), text(i, "flavor_type"),
                    text(i, "create_time")));
            t.print(out());
            return OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One instance's details (GET /v2/{project_id}/apic/instances/{id}).")
    static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The instance id.")
        String id;

        @Override
        int run(RomaLocalControl client) throws Exception {
            Optional<InstanceDetail> d = client.instance(options.projectId, id);
            if (d.isEmpty()) {
                err().println("roma-local: no instance " + id + " in project " + options.projectId);
                return NOT_FOUND;
            }
            if (json()) {
                printJson(d.get().json());
                return OK;
            }
            Table t = new Table("FIELD", "VALUE");
            Iterator<Map.Entry<String, JsonNode>> fields = d.get().json().fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getValue().isValueNode()) {
                    t.row(f.getKey(), f.getValue().asText());
                }
            }
            t.print(out());
            return OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create an instance (POST /v3/{project_id}/roma/instances); it starts in Creating.")
    static final class Create extends ClientCommand {
        @Option(names = "--name", required = true, description = "The instance name.")
        String name;

        @Option(names = "--description", defaultValue = "", description = "Its description.")
        String description;

        @Option(names = "--rcu", defaultValue = "4", description = "RCUs; they decide the edition (default ${DEFAULT-VALUE}).")
        int rcu;

        @Option(names = "--cpu-arch", defaultValue = "x86_64", description = "x86_64 or aarch64 (default ${DEFAULT-VALUE}).")
        String cpuArch;

        @Option(names = "--charge-type", defaultValue = "postPaid", description = "postPaid or prePaid (default ${DEFAULT-VALUE}).")
        String chargeType;

        @Option(names = "--az", split = ",", defaultValue = "az1", description = "Availability zone ids (default ${DEFAULT-VALUE}).")
        List<String> zones;

        @Option(names = "--vpc-id", defaultValue = "vpc-local", description = "VPC id (default ${DEFAULT-VALUE}).")
        String vpcId;

        @Option(names = "--subnet-id", defaultValue = "subnet-local", description = "Subnet id (default ${DEFAULT-VALUE}).")
        String subnetId;

        @Override
        int run(RomaLocalControl client) throws Exception {
            ObjectNode body = JSON.createObjectNode();
            body.put("name", name).put("description", description).put("charge_type", chargeType)
                    .put("cpu_arch", cpuArch).put("vpc_id", vpcId).put("subnet_id", subnetId);
            ArrayNode az = body.putArray("available_zone_ids");
            zones.forEach(az::add);
            body.putObject("rcu").put("total", rcu);
            JsonNode created = client.call("POST", "/v3/" + encode(options.projectId) + "/roma/instances",
                    body.toString());
            if (json()) {
                printJson(created);
                return OK;
            }
            new Table("ID", "NAME", "STATUS").row(text(created, "id"), text(created, "name"), text(created, "status"))
                    .print(out());
            return OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an instance (DELETE /v1/{project_id}/roma/instances/{id}: it walks through Deleting "
                    + "as the clock runs), or with --now remove it at once.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The instance id.")
        String id;

        @Option(names = "--now", description = "Remove it at once (control API), no lifecycle.")
        boolean now;

        @Override
        int run(RomaLocalControl client) throws Exception {
            if (now) {
                if (!client.removeInstance(options.projectId, id)) {
                    err().println("roma-local: no instance " + id + " in project " + options.projectId);
                    return NOT_FOUND;
                }
                if (json()) {
                    printJson(Map.of("instance_id", id, "removed", true));
                } else {
                    out().println("removed " + id);
                    out().flush();
                }
                return OK;
            }
            JsonNode accepted = client.call("DELETE", "/v1/" + encode(options.projectId) + "/roma/instances/"
                    + encode(id), null);
            if (json()) {
                printJson(accepted);
            } else {
                out().println("deleting " + id + " (" + text(accepted, "status") + ")");
                out().flush();
            }
            return OK;
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = "Wait until an instance reaches a status (or `gone`), showing each status as it is reached.")
    static final class Wait extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The instance id.")
        String id;

        @Option(names = "--status", required = true,
                description = "The status to wait for, e.g. Running (any case), or gone for a deletion.")
        String status;

        @Option(names = "--timeout", defaultValue = "5m", converter = DurationConverter.class,
                description = "Give up after this long (default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--interval", defaultValue = "500ms", converter = DurationConverter.class,
                description = "How often to look (default ${DEFAULT-VALUE}).")
        Duration interval;

        @Override
        int run(RomaLocalControl client) throws Exception {
            boolean gone = status.equalsIgnoreCase("gone");
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            boolean tty = System.console() != null;
            List<String> reached = new ArrayList<>();
            int printed = 0;
            long lastProgress = 0;
            String lastShown = null;
            String current;
            while (true) {
                Optional<InstanceDetail> d = client.instance(options.projectId, id);
                List<InstanceEvent> events = client.events(options.projectId, id);
                for (int i = printed; i < events.size(); i++) {
                    InstanceEvent e = events.get(i);
                    String to = e.to() == null ? "gone" : e.to();
                    reached.add(to);
                    if (!json()) {
                        clearProgress(tty, lastShown);
                        lastShown = null;
                        out().println(e.at() + "  " + to + "  (" + e.operation() + ")");
                        out().flush();
                    }
                }
                printed = events.size();
                current = d.map(InstanceDetail::status).orElse(null);
                if (d.isEmpty() && events.isEmpty()) {
                    clearProgress(tty, lastShown);
                    err().println("roma-local: no instance " + id + " in project " + options.projectId);
                    return NOT_FOUND;
                }
                boolean done = gone ? current == null : current != null && current.equalsIgnoreCase(status);
                if (done) {
                    clearProgress(tty, lastShown);
                    return finish(OK, current, reached, started, null);
                }
                if (current == null) {
                    clearProgress(tty, lastShown);
                    return finish(FAILED_STATUS, null, reached, started, "instance " + id
                            + " went away before it reached " + status);
                }
                if (failure(current) && !failure(status)) {
                    clearProgress(tty, lastShown);
                    return finish(FAILED_STATUS, current, reached, started, "instance " + id + " is " + current
                            + ", a failure status, not " + status);
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    clearProgress(tty, lastShown);
                    return finish(TIMED_OUT, current, reached, started, "timed out after " + human(timeout)
                            + " waiting for instance " + id + " to reach " + status + "; it is " + current);
                }
                String line = "waiting for " + status + ": " + current + " for "
                        + human(Duration.ofNanos(now - started)) + " (timeout " + human(timeout) + ")";
                // On a terminal the line is rewritten in place; in a log, one line every 10 seconds.
                if (tty) {
                    err().print("\r" + line + " ".repeat(Math.max(0, (lastShown == null ? 0 : lastShown.length())
                            - line.length())));
                    err().flush();
                    lastShown = line;
                } else if (lastProgress == 0 || now - lastProgress >= 10_000_000_000L) {
                    err().println(line);
                    err().flush();
                    lastProgress = now;
                }
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), (deadline - now) / 1_000_000 + 1)));
            }
        }

        /** Where a failed or timed-out operation leaves an instance: CreateFail, InstallFailed, DeleteTimeout, ... */
        static boolean failure(String status) {
            return status.endsWith("Fail") || status.endsWith("Failed") || status.endsWith("Timeout");
        }

        private void clearProgress(boolean tty, String shown) {
            if (tty && shown != null) {
                err().print("\r" + " ".repeat(shown.length()) + "\r");
                err().flush();
            }
        }

        private int finish(int code, String current, List<String> reached, long started, String problem)
                throws Exception {
            if (json()) {
                ObjectNode o = JSON.createObjectNode();
                o.put("instance_id", id).put("wanted", status).put("reached", code == OK);
                if (current == null) {
                    o.putNull("status");
                } else {
                    o.put("status", current);
                }
                ArrayNode seen = o.putArray("statuses");
                reached.forEach(seen::add);
                o.put("elapsed_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
                if (problem != null) {
                    o.put("problem", problem);
                }
                printJson(o);
            } else if (code == OK) {
                out().println("instance " + id + " is " + (current == null ? "gone" : current));
                out().flush();
            }
            if (problem != null) {
                err().println("roma-local: " + problem);
                err().flush();
            }
            return code;
        }

        static String human(Duration d) {
            long s = d.toSeconds();
            if (s < 1) {
                return d.toMillis() + "ms";
            }
            if (s < 120) {
                return s + "s";
            }
            if (s < 7200) {
                return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
            }
            return (s / 3600) + "h" + (s % 3600 / 60 == 0 ? "" : (s % 3600 / 60) + "m");
        }
    }

}
