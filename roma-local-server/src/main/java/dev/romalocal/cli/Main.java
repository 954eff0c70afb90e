package dev.romalocal.cli;

import picocli.CommandLine;

/** {@code roma-local <command>}: the command-line entry point. */
@CommandLine.Command(name = "roma-local", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A self-hostable server for the Huawei Cloud ROMA Connect instance-management API.")
public final class Main implements Runnable {
    /** The subcommands, in the order the help lists them. */
    private static final Class<?>[] COMMANDS = {ServeCommand.class, InstancesCommand.class, ClockCommand.class,
        FaultsCommand.class, SnapshotCommand.class, TokenCommand.class, CommandLine.HelpCommand.class};
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // picocli builds every subcommand's model up front; the client commands' (and the JSON they load) took
        // ~0.1 s of a server's start, so `serve` is built alone.
        boolean serve = args.length > 0 && "serve".equals(args[0]);
        int code = (serve ? commandLine(ServeCommand.class) : commandLine()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command line of {@code roma-local} (tests run it in-process). */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    private static CommandLine commandLine(Class<?>... commands) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : commands) {
            cl.addSubcommand(c);
        }
        return cl;
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
