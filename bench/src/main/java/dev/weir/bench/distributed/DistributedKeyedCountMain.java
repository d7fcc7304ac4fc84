package dev.weir.bench.distributed;

import dev.weir.examples.bench.BenchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weir bench distributed-keyed-count}: the {@link DistributedKeyedCount} workload on
 * Kafka Streams and on Weir's distributed runner, one JSON line per engine and a ratio line.
 * The {@code weir} script runs this class on the bench module's class path (Kafka Streams is
 * there and nowhere else). Exit code 0 when every engine that ran verified, 4 otherwise.
 */
@Command(name = "weir bench distributed-keyed-count", mixinStandardHelpOptions = true,
    description = "The keyed count on Kafka Streams (exactly_once_v2) and on Weir's distributed runner, "
        + "same broker, same input; one JSON line per engine, then a ratio line when both ran.")
public final class DistributedKeyedCountMain implements Callable<Integer> {

  @Option(names = "--n", description = "Records (default ${DEFAULT-VALUE}).")
  long n = 2_000_000;

  @Option(names = "--k", description = "Distinct keys (default ${DEFAULT-VALUE}).")
  long k = 100_000;

  @Option(names = "--p", description = "Total parallelism: partitions, stream threads or subtasks "
      + "over all workers (default ${DEFAULT-VALUE}).")
  int p = 4;

  @Option(names = "--workers", description = "Workers sharing the parallelism (default ${DEFAULT-VALUE}).")
  int workers = 2;

  @Option(names = "--bootstrap", description = "The Kafka cluster (host:port,...); default: an "
      + "embedded broker in this JVM.")
  String bootstrap;

  @Option(names = "--engines", split = ",", description = "Engines in order, comma-separated: "
      + "kafka-streams, weir (default: kafka-streams,weir).")
  List<String> engines = List.of("kafka-streams", "weir");

  @Option(names = "--commit-interval", description = "Kafka Streams' commit.interval.ms (default: "
      + "its own, 100 ms under exactly_once_v2).")
  Long commitIntervalMs;

  @Option(names = "--cache-bytes", description = "Kafka Streams' statestore.cache.max.bytes "
      + "(default ${DEFAULT-VALUE}: every update is written, as Weir's job does).")
  long cacheBytes;

  @Option(names = "--checkpoint-interval", description = "Weir's checkpoint interval in ms "
      + "(default ${DEFAULT-VALUE}).")
  long checkpointIntervalMs = 1000;

  @Option(names = "--kill-after", description = "Weir: kill worker 0 with SIGKILL this many ms "
      + "after the start and report recoveryMs, the time to the next completed checkpoint "
      + "(default ${DEFAULT-VALUE}: no kill).")
  long killAfterMs;

  @Option(names = "--session-timeout-ms", description = "Weir workers' session timeout "
      + "(default ${DEFAULT-VALUE}; the embedded broker allows 1000 and up).")
  int sessionTimeoutMs = 3000;

  @Option(names = "--timeout", description = "Seconds one engine may take (default ${DEFAULT-VALUE}).")
  long timeoutSeconds = 600;

  @Option(names = "--runs", description = "Runs in this JVM (default ${DEFAULT-VALUE}).")
  int runs = 1;

  @Override
  public Integer call() throws Exception {
    List<DistributedPeer> peers = new ArrayList<>();
    for (String e : engines) {
      peers.add(switch (e) {
        case "kafka-streams" -> new KafkaStreamsPeer(commitIntervalMs, cacheBytes);
        case "weir" -> new WeirPeer(sessionTimeoutMs, killAfterMs);
        default -> throw new CommandLine.ParameterException(new CommandLine(this),
            "--engines: unknown engine '" + e + "'; use kafka-streams and/or weir");
      });
    }
    DistributedKeyedCount.Params params = new DistributedKeyedCount.Params(n, k, p, workers,
        checkpointIntervalMs, bootstrap, Duration.ofSeconds(timeoutSeconds));
    boolean allVerified = true;
    for (int i = 0; i < runs; i++) {
      for (BenchResult line : DistributedKeyedCount.run(params, peers)) {
        System.out.println(line.toJson());
        allVerified &= line.get("skipped") != null || Boolean.TRUE.equals(line.get("verified"));
      }
    }
    return allVerified ? 0 : 4;
  }

  /** Runs the command; exits with its code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DistributedKeyedCountMain()).execute(args));
  }
}
