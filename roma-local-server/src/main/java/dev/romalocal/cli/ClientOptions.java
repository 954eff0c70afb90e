package dev.romalocal.cli;

import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.RomaLocalCredentials;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * Where the server is and whose credentials to use, for the client commands. Every option falls back to the
 * {@code ROMA_LOCAL_*} variable the server reads for the same value, then to the server's default, so a shell set up
 * for {@code serve} reaches that server as its administrator.
 */
final class ClientOptions {
    @Option(names = "--endpoint", defaultValue = "${env:ROMA_LOCAL_ENDPOINT}",
            description = "The server, http://host:port (env ROMA_LOCAL_ENDPOINT; default http://ROMA_LOCAL_HOST:"
                    + "ROMA_LOCAL_PORT, i.e. http://127.0.0.1:9090).")
    String endpoint;

    @Option(names = "--access-key", defaultValue = "${env:ROMA_LOCAL_ACCESS_KEY:-"
            + RomaLocalCredentials.DEFAULT_ACCESS_KEY + "}",
            description = "Access key id requests are signed with (env ROMA_LOCAL_ACCESS_KEY; default the server's).")
    String accessKey;

    @Option(names = "--secret-key", defaultValue = "${env:ROMA_LOCAL_SECRET_KEY:-"
            + RomaLocalCredentials.DEFAULT_SECRET_KEY + "}",
            description = "Its secret key (env ROMA_LOCAL_SECRET_KEY; default the server's).")
    String secretKey;

    @Option(names = "--project-id", defaultValue = "${env:ROMA_LOCAL_PROJECT_ID:-"
            + RomaLocalCredentials.DEFAULT_PROJECT_ID + "}",
            description = "The project instances belong to (env ROMA_LOCAL_PROJECT_ID; default ${DEFAULT-VALUE}).")
    String projectId;

    @Option(names = "--domain", defaultValue = "${env:ROMA_LOCAL_DOMAIN:-" + RomaLocalCredentials.DEFAULT_DOMAIN + "}",
            description = "Account of --user, for tokens (env ROMA_LOCAL_DOMAIN; default ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--user", defaultValue = "${env:ROMA_LOCAL_ADMIN_USER:-" + RomaLocalCredentials.DEFAULT_USER + "}",
            description = "User a token is issued to (env ROMA_LOCAL_ADMIN_USER; default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:ROMA_LOCAL_ADMIN_PASSWORD:-"
            + RomaLocalCredentials.DEFAULT_PASSWORD + "}",
            description = "Its password (env ROMA_LOCAL_ADMIN_PASSWORD; default the server's).")
    String password;

    @Option(names = "--request-timeout", defaultValue = "${env:ROMA_LOCAL_REQUEST_TIMEOUT:-2m}",
            converter = DurationConverter.class,
            description = "How long one request may take (env ROMA_LOCAL_REQUEST_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--json", description = "Print JSON (the server's answer) instead of a table, for scripts.")
    boolean json;

    String endpoint() {
        if (endpoint != null && !endpoint.isBlank()) {
            return endpoint.trim();
        }
        String host = System.getenv().getOrDefault("ROMA_LOCAL_HOST", "127.0.0.1");
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + System.getenv().getOrDefault("ROMA_LOCAL_PORT", "9090");
    }

    RomaLocalControl client() {
        RomaLocalCredentials c = new RomaLocalCredentials(domain, projectId, RomaLocalCredentials.DEFAULT_PROJECT_NAME,
                user, password, accessKey, secretKey);
        return RomaLocalControl.builder().endpoint(endpoint()).credentials(c).timeout(requestTimeout).build();
    }
}
