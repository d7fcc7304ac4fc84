package dev.weir.cli;

import dev.weir.console.WeirConsole;
import dev.weir.console.WeirConsoleProvider;
import dev.weir.runner.distributed.DistributedRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code weir console --bootstrap B}: serves the web console and REST API over the jobs of a
 * Weir cluster until the process is stopped (Ctrl-C) or the calling thread is interrupted.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = "Serve the web console and REST API over the jobs of a Weir cluster "
        + "(docs/console.md): their state, steps, rates, backpressure, watermarks, subtasks and "
        + "checkpoints, and the actions checkpoint, savepoint, stop and cancel. Runs until "
        + "stopped (Ctrl-C).")
final class ConsoleCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Option(names = "--port", description = "The port to serve on; 0 picks a free one "
      + "(default ${DEFAULT-VALUE}).")
  int port = 8081;

  @Option(names = "--bind", description = "The address to bind (default ${DEFAULT-VALUE}). "
      + "On any other address than loopback, actions need a token (--token, or one the "
      + "console makes and prints).")
  String bind = "127.0.0.1";

  @Option(names = "--token", description = "The token actions need (header X-Weir-Token), "
      + "on any address. Default: none on loopback, a random one printed at start elsewhere.")
  String token;

  @Option(names = "--savepoint-dir", description = "Where savepoints asked for in the console "
      + "are written when the request names no directory (default ${DEFAULT-VALUE}).")
  Path savepointDir = WeirConsoleProvider.DEFAULT_SAVEPOINT_DIRECTORY;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(),
          "--port must be between 0 and 65535, was " + port);
    }
    if (token != null && token.isBlank()) {
      throw new ParameterException(spec.commandLine(),
          "--token is blank; give a token of visible characters, or leave --token out");
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    try (DistributedRunner runner = DistributedRunner.connect(cluster.kafka(), cluster.cluster);
        WeirConsole console = start(new ClusterJobSource(runner, savepointDir))) {
      out.printf("weir console: cluster '%s' at %s serving %s%s%n", cluster.cluster,
          cluster.bootstrap, console.uri(), token == null ? "" : " (actions need --token)");
      out.flush();
      Thread hook = new Thread(stopped::countDown, "weir-console-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        removeHook(hook);
      }
    }
    return 0;
  }

  /** The console; an address it cannot bind is a usage error naming the options. */
  private WeirConsole start(ClusterJobSource source) {
    try {
      return WeirConsole.start(source, bind, port, Optional.ofNullable(token));
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), "--bind " + bind + " --port " + port
          + ": cannot serve the console there: " + e.getMessage(), e);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running or has run.
    }
  }
}
