package dev.weir.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code weir} command line: example jobs and tools.
 *
 * <p>Errors print one line on stderr, no stack trace (set {@code WEIR_DEBUG} for one): a bad
 * argument as {@code weir <command>: <what is wrong with which flag>} with exit code 2, a
 * failure of the work itself as {@code weir: <message>} with exit code 1.
 */
@Command(name = "weir", mixinStandardHelpOptions = true, version = "weir 0.1.0-SNAPSHOT",
    description = "Weir: stateful stream pipelines with aligned checkpoints.",
    subcommands = {WordCountCommand.class, BenchCommand.class, CheckpointsCommand.class,
        SavepointsCommand.class, KafkaCommand.class,
        WorkerCommand.class, SubmitCommand.class, JobsCommand.class, ClusterCommand.class,
        ConsoleCommand.class,
        CommandLine.HelpCommand.class})
public final class WeirCli implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** The command line of {@code command} with the CLI's one-line error handling. */
  static CommandLine commandLine(Object command) {
    return new CommandLine(command)
        .setParameterExceptionHandler((e, args) -> {
          CommandLine cmd = e.getCommandLine();
          String name = cmd.getCommandSpec().qualifiedName();
          cmd.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
          debugTrace(e, cmd);
          return cmd.getCommandSpec().exitCodeOnInvalidInput();
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("weir: " + e.getMessage());
          debugTrace(e, cmd);
          return cmd.getCommandSpec().exitCodeOnExecutionException();
        });
  }

  private static void debugTrace(Exception e, CommandLine cmd) {
    if (System.getenv("WEIR_DEBUG") != null) {
      e.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
  }

  /** Runs the CLI and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine(new WeirCli()).execute(args));
  }
}
