package dev.romalocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.RomaLocalControlException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command that talks to a running server through {@link RomaLocalControl}: connection options, output (a table,
 * or JSON with {@code --json}) and exit codes that say what went wrong (docs/cli.md):
 * <ul>
 *   <li>0: done</li>
 *   <li>1: the server refused the request (any other error)</li>
 *   <li>2: the command line is wrong (picocli's usage error)</li>
 *   <li>3: no such instance (or fault)</li>
 *   <li>4: the server cannot be reached</li>
 *   <li>5: {@code instances wait} timed out</li>
 *   <li>6: the credentials are refused (401) or lack the permission (403)</li>
 *   <li>7: {@code instances wait} saw the instance settle in a failure status (or go away) instead</li>
 * </ul>
 */
abstract class ClientCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int UNREACHABLE = 4;
    static final int TIMED_OUT = 5;
    static final int UNAUTHORIZED = 6;
    static final int FAILED_STATUS = 7;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Mixin
    ClientOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command with a client; returns the exit code. */
    abstract int run(RomaLocalControl client) throws Exception;

    @Override
    public final Integer call() throws Exception {
        try (RomaLocalControl client = options.client()) {
            return run(client);
        } catch (RomaLocalControlException e) {
            return refused(e);
        } catch (IllegalArgumentException e) {
            err().println("roma-local: " + e.getMessage());
            return USAGE;
        }
    }

    /** Says why the server refused (or could not be reached) and picks the exit code. */
    int refused(RomaLocalControlException e) {
        if (e.status() == 0) {
            err().println("roma-local: cannot reach the server at " + options.endpoint() + " (" + e.getMessage()
                    + "); is `roma-local serve` running? (--endpoint, ROMA_LOCAL_ENDPOINT)");
            return UNREACHABLE;
        }
        err().println("roma-local: " + e.status() + " " + (e.errorCode() == null ? "" : e.errorCode() + " ")
                + e.errorMsg() + (e.reason() == null ? "" : " (" + e.reason() + ")"));
        return switch (e.status()) {
            case 401, 403 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            default -> REFUSED;
        };
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return options.json;
    }

    /** Prints a JSON answer (with {@code --json}). */
    void printJson(Object value) throws Exception {
        out().println(value instanceof JsonNode n ? JSON.writeValueAsString(n) : JSON.writeValueAsString(value));
        out().flush();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
