package dev.romalocal.cli;

import picocli.CommandLine;

/** {@code roma-local <command>}: the command-line entry point. */
@CommandLine.Command(name = "roma-local", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A self-hostable server for the Huawei Cloud ROMA Connect instance-management API.",
        subcommands = {ServeCommand.class, InstancesCommand.class, ClockCommand.class, FaultsCommand.class,
                SnapshotCommand.class, TokenCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command line of {@code roma-local} (tests run it in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
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
