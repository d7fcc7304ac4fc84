package dev.weir.cli;

import dev.weir.io.kafka.testing.EmbeddedKafkaBroker;
import dev.weir.runner.distributed.WorkerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weir cluster}: a one-machine Weir cluster for demos and trying things out. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "A one-machine Weir cluster: a Kafka broker and worker processes.",
    subcommands = {ClusterCommand.Start.class})
final class ClusterCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** {@code weir cluster start}. */
  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Start a Kafka broker (in this JVM, data in a temporary directory) and worker "
          + "processes (logs in weir-data/cluster/), until Ctrl-C.")
  static final class Start implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--workers", description = "Worker processes (default ${DEFAULT-VALUE}).")
    int workers = 3;

    @Option(names = "--port", description = "The broker's client port (default ${DEFAULT-VALUE}).")
    int port = 9092;

    @Option(names = "--session-timeout-ms", description = "Workers' session timeout (default "
        + "${DEFAULT-VALUE}): how long a killed worker's subtasks wait before they move.")
    int sessionTimeoutMs = 3000;

    @Override
    public Integer call() throws Exception {
      if (workers < 1) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--workers must be at least 1, was " + workers);
      }
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, Map.of(
          "auto.create.topics.enable", "false", "num.partitions", "2",
          "group.min.session.timeout.ms", "1000"));
      String bs = broker.bootstrapServers();
      Path logs = Path.of("weir-data", "cluster");
      Files.createDirectories(logs);
      List<Process> procs = new ArrayList<>();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("cluster: stopping the workers and the broker");
        procs.forEach(Process::destroy);
        for (Process p : procs) {
          try {
            p.waitFor(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        broker.close();
        stopped.countDown();
      }, "weir-cluster-stop"));
      for (int i = 1; i <= workers; i++) {
        List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
            "--bootstrap", bs, "--name", "worker-" + i,
            "--session-timeout-ms", Integer.toString(sessionTimeoutMs)));
        Path log = logs.resolve("worker-" + i + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        procs.add(p);
        System.out.println("cluster: worker-" + i + " pid " + p.pid() + " (log " + log + ")");
      }
      System.out.println("cluster: broker at " + bs + ", " + workers + " workers; Ctrl-C stops all");
      System.out.println("  try, in another terminal:");
      System.out.println("    ./weir kafka produce --bootstrap " + bs + " --topic lines --lines 300000");
      System.out.println("    ./weir submit --bootstrap " + bs + " --job "
          + "dev.weir.examples.wordcount.KafkaWordCountJob --parallelism 4 -- " + bs + " lines counts");
      System.out.println("    ./weir jobs list --bootstrap " + bs);
      System.out.println("    kill -9 " + procs.get(0).pid() + "    # a worker dies; the job goes on");
      System.out.println("    ./weir kafka consume --bootstrap " + bs + " --topic counts --latest-per-key "
          + "--verify-lines 300000");
      stopped.await();
      return 0;
    }
  }
}
