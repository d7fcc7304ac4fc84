package dev.weir.cli;

import dev.weir.runner.distributed.Worker;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weir worker}: a long-running worker of a Weir cluster. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run a worker of a Weir cluster until SIGTERM or Ctrl-C (which hand its subtasks "
        + "to the other workers at once). Jobs submitted with --jar are loaded from their jar; "
        + "other jobs' classes must be on the classpath.")
final class WorkerCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Option(names = "--slots", description = "Most subtasks per job on this worker (default: no limit).")
  Integer slots;

  @Option(names = "--name", description = "The worker's name in status (default host-pid).")
  String name;

  @Option(names = "--session-timeout-ms", description = "How long the cluster waits for a silent "
      + "worker before moving its subtasks (default ${DEFAULT-VALUE}).")
  int sessionTimeoutMs = 10_000;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "The worker's directory: "
      + "jobs' jars are copied into it while they run (default <tmp>/weir-worker-<name>).")
  java.nio.file.Path workDir;

  @Override
  public Integer call() throws Exception {
    Worker.Builder b = Worker.builder(cluster.kafka()).cluster(cluster.cluster)
        .sessionTimeoutMs(sessionTimeoutMs);
    if (slots != null) {
      b.slots(slots);
    }
    if (name != null) {
      b.name(name);
    }
    if (workDir != null) {
      b.workDir(workDir);
    }
    Worker worker = b.start();
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "weir-worker-shutdown"));
    System.out.println("weir worker: running in cluster '" + cluster.cluster + "' at "
        + cluster.bootstrap + " (SIGTERM or Ctrl-C leaves the cluster)");
    worker.awaitClose();
    return 0;
  }
}
