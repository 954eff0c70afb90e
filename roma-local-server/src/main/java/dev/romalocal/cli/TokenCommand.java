package dev.romalocal.cli;

import dev.romalocal.client.RomaLocalControl;
import picocli.CommandLine.Command;

import java.util.Map;

/** {@code roma-local token}: a project-scoped token for --user/--password, for curl and friends. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a project-scoped token of --user (POST /v3/auth/tokens), for X-Auth-Token.")
final class TokenCommand extends ClientCommand {
    @Override
    int run(RomaLocalControl client) throws Exception {
        String token = client.token();
        if (json()) {
            printJson(Map.of("token", token, "project_id", options.projectId, "user", options.user));
        } else {
            out().println(token);
            out().flush();
        }
        return OK;
    }
}
