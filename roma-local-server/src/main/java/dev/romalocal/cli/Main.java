package dev.romalocal.cli;

import picocli.CommandLine;

/** {@code roma-local <command>}: the command-line entry point. */
@CommandLine.Command(name = "roma-local", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A self-hostable server for the Huawei Cloud ROMA Connect instance-management API.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"roma-local " + (v == null ? "dev" : v)};
        }
    }
}
