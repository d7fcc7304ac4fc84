package dev.weir.bench;

import dev.weir.examples.bench.BenchResult;
import dev.weir.examples.bench.KafkaKeyedCountBench;
import dev.weir.examples.bench.KeyedCountBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weir bench <workload>}: runs a benchmark workload and prints one JSON line per run.
 * The {@code weir} script runs this class on the bench module's class path, where the harness
 * ({@code dev.weir.examples.bench}) and what it needs live: the test kit's fault injection for
 * the recovery workloads and the embedded broker for {@code kafka-keyed-count}. Exit code 0
 * when every run verified, 4 otherwise; errors print one line, as the {@code weir} CLI's do.
 */
@Command(name = "weir bench", mixinStandardHelpOptions = true, version = "weir 0.1.0-SNAPSHOT",
    description = "Run a benchmark workload (see docs/benchmarks.md) and print one JSON line per run: "
        + "keyed-count, keyed-count-recovery, big-state-checkpoint, plain-java, kafka-keyed-count. "
        + "distributed-keyed-count (Kafka Streams vs the distributed runner) runs from the bench module: "
        + "./weir bench distributed-keyed-count --help.")
public final class BenchMain implements Callable<Integer> {

  @Parameters(index = "0", description = "keyed-count | keyed-count-recovery | big-state-checkpoint | plain-java"
      + " | kafka-keyed-count | distributed-keyed-count (./weir runs it on the bench module's class path)")
  String workload;

  @Option(names = "--n", description = "Records (default 20000000).")
  long n = 20_000_000;

  @Option(names = "--k", description = "Distinct keys (default 100000; 1000000 for big-state-checkpoint).")
  Long k;

  @Option(names = "--p", description = "Parallelism (default ${DEFAULT-VALUE}).")
  int p = 2;

  @Option(names = "--checkpoint-interval", description = "Checkpoint interval in ms, 0 = off (default ${DEFAULT-VALUE}).")
  long checkpointIntervalMs = 1000;

  @Option(names = "--store", description = "memory | chronicle | kafka (a broker in this process; "
      + "for kafka-keyed-count the job's cluster) | kafka://HOST:PORT (default ${DEFAULT-VALUE}).")
  String store = "chronicle";

  @Option(names = "--guarantee", description = "kafka-keyed-count's sink: exactly-once | at-least-once "
      + "(default ${DEFAULT-VALUE}).")
  String guarantee = "exactly-once";

  @Option(names = "--bootstrap", description = "kafka-keyed-count: the Kafka cluster (host:port,...); "
      + "default: an embedded broker in this JVM.")
  String bootstrap;

  @Option(names = "--snapshot-warmup", description = "Let the local runner compile the snapshot "
      + "paths on synthetic state before the first checkpoint (off by default, as for users' jobs).")
  boolean snapshotWarmup;

  @Option(names = "--runs", description = "Runs in this JVM (default ${DEFAULT-VALUE}).")
  int runs = 1;

  @Option(names = "--data", description = "Directory for checkpoint stores (default ${DEFAULT-VALUE}).")
  Path data = Path.of("weir-data", "bench");

  @Override
  public Integer call() throws Exception {
    if (workload.equals("distributed-keyed-count")) {
      // The weir script runs it with its own main class (options of its own, such as --workers).
      throw new IllegalArgumentException("distributed-keyed-count runs on the bench module's class path "
          + "(dev.weir.bench.distributed.DistributedKeyedCountMain): start it with ./weir bench "
          + "distributed-keyed-count, which runs that class");
    }
    long keys = k != null ? k : workload.equals("big-state-checkpoint") ? 1_000_000 : 100_000;
    KeyedCountBench.Params params = new KeyedCountBench.Params(n, keys, p, checkpointIntervalMs, store, data,
        snapshotWarmup);
    if (bootstrap != null && !workload.equals("kafka-keyed-count")) {
      throw new IllegalArgumentException("--bootstrap is only for kafka-keyed-count");
    }
    boolean allVerified = true;
    for (int i = 0; i < runs; i++) {
      BenchResult r = switch (workload) {
        case "keyed-count" -> KeyedCountBench.keyedCount(params);
        case "keyed-count-recovery" -> KeyedCountBench.recovery(params);
        case "big-state-checkpoint" -> KeyedCountBench.bigState(params);
        case "plain-java" -> KeyedCountBench.plainJava(params);
        case "kafka-keyed-count" -> KafkaKeyedCountBench.run(new KafkaKeyedCountBench.Params(
            n, keys, p, checkpointIntervalMs, store, guarantee, bootstrap, data));
        default -> throw new IllegalArgumentException("unknown workload '" + workload
            + "'; use keyed-count, keyed-count-recovery, big-state-checkpoint, plain-java or kafka-keyed-count");
      };
      System.out.println(r.toJson());
      allVerified &= Boolean.TRUE.equals(r.get("verified"));
    }
    return allVerified ? 0 : 4;
  }

  /** Runs the command and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine(new BenchMain()).execute(args));
  }

  /** The command line with the {@code weir} CLI's one-line error handling ({@code WEIR_DEBUG} adds the trace). */
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
}
