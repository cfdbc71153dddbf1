package dev.auditlog.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code auditlog}: the one entry point of the product (CONTRACT §1). */
@Command(name = "auditlog", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Self-hostable, tamper-evident audit trail service.",
        footer = {"", "The benchmark suite: ./auditlog bench --help (a separate jar, built by the launcher)."},
        subcommands = {ServeCommand.class, VerifyCommand.class, VerifyStoreCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        JulToSlf4j.install();
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setParameterExceptionHandler(new ShortUsageErrors()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code auditlog -V}: the Implementation-Version of the jar's manifest (the Maven project version, written by
     * cli/pom.xml), or "development build" when run from classes, which have no manifest.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"auditlog " + (v == null ? "development build" : v)};
        }
    }
}
