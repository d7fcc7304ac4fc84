package dev.weir.runner.distributed;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a worker until the process is terminated: {@code java -cp <weir and application jars>
 * dev.weir.runner.distributed.WorkerMain --bootstrap HOST:PORT [--cluster NAME] [--slots N]
 * [--session-timeout-ms MS] [--name NAME] [--work-dir DIR]}. SIGTERM (or Ctrl-C) leaves the cluster cleanly: the
 * worker's subtasks move to the other workers at once. The {@code weir worker} command calls it.
 */
public final class WorkerMain {
  private WorkerMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    Worker.Builder builder;
    try {
      builder = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("weir worker: " + e.getMessage());
      System.err.println("usage: weir worker --bootstrap HOST:PORT [--cluster NAME] [--slots N] "
          + "[--session-timeout-ms MS] [--name NAME] [--work-dir DIR]");
      System.exit(2);
      return;
    }
    Worker worker = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "weir-worker-shutdown"));
    System.out.println("weir worker started; Ctrl-C or SIGTERM leaves the cluster");
    worker.awaitClose();
  }

  /** Parses the command line into a worker builder; errors name the option. */
  public static Worker.Builder parse(String[] args) {
    String bootstrap = null;
    String cluster = DistributedRunner.DEFAULT_CLUSTER;
    String name = null;
    Integer slots = null;
    Integer session = null;
    String workDir = null;
    List<String> rest = new ArrayList<>(List.of(args));
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      String v = i + 1 < rest.size() ? rest.get(i + 1) : null;
      switch (a) {
        case "--bootstrap" -> bootstrap = required(a, v);
        case "--cluster" -> cluster = required(a, v);
        case "--name" -> name = required(a, v);
        case "--slots" -> slots = number(a, required(a, v));
        case "--session-timeout-ms" -> session = number(a, required(a, v));
        case "--work-dir" -> workDir = required(a, v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
      i++;
    }
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
    }
    Worker.Builder b = Worker.builder(bootstrap).cluster(cluster);
    if (name != null) {
      b.name(name);
    }
    if (slots != null) {
      b.slots(slots);
    }
    if (session != null) {
      b.sessionTimeoutMs(session);
    }
    if (workDir != null) {
      b.workDir(java.nio.file.Path.of(workDir));
    }
    return b;
  }

  private static String required(String option, String value) {
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, was '" + value + "'");
    }
  }
}
