package dev.weir.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code weir} command line: example jobs and tools. */
@Command(name = "weir", mixinStandardHelpOptions = true, version = "weir 0.1.0-SNAPSHOT",
    description = "Weir: stateful stream pipelines with aligned checkpoints.",
    subcommands = {WordCountCommand.class, BenchCommand.class, CheckpointsCommand.class, KafkaCommand.class,
        CommandLine.HelpCommand.class})
public final class WeirCli implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    int code = new CommandLine(new WeirCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("weir: " + e.getMessage());
      if (System.getenv("WEIR_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return 1;
    }).execute(args);
    System.exit(code);
  }
}
