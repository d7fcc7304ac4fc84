package dev.weir.bench.distributed;

import dev.weir.examples.bench.BenchResult;
import dev.weir.examples.bench.KafkaKeyedCountBench;
import dev.weir.io.kafka.KafkaTopics;
import dev.weir.io.kafka.testing.EmbeddedKafkaBroker;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code distributed-keyed-count} workload: the keyed count of {@code kafka-keyed-count},
 * run by each engine of a list ({@link DistributedPeer}) on the same cluster and the same input.
 *
 * <p>The input topic ({@code p} partitions) is filled once with the workload's {@code n}
 * records (key: record {@code i}'s key, empty value). Each engine then gets an empty output
 * topic of its own and is timed from just before it starts until the output, read
 * {@code read_committed}, shows every key's final count ({@link OutputWatcher}); the engine is
 * stopped, and the whole output is read again and verified: the latest count of every key is
 * its expected count, there are {@code min(n, k)} keys and, when every update is written,
 * exactly {@code n} records. One result line per engine; an engine that cannot run yet gives a
 * {@code "skipped": true} line; when two engines ran, a ratio line follows.
 *
 * <p>Without a bootstrap address an {@link EmbeddedKafkaBroker} runs in this JVM (sharing the
 * CPU with the engines) and is closed at the end; with one, the topics are left on the cluster.
 */
public final class DistributedKeyedCount {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedKeyedCount.class);

  /** The workload's name in the result lines. */
  public static final String WORKLOAD = "distributed-keyed-count";

  private DistributedKeyedCount() {
  }

  /**
   * Parameters of a run.
   *
   * @param n records
   * @param k distinct keys
   * @param p total parallelism (partitions; stream threads or subtasks over all workers)
   * @param workers workers sharing the parallelism
   * @param checkpointIntervalMs Weir's checkpoint interval
   * @param bootstrap the cluster, or {@code null} for an embedded broker
   * @param timeout how long one engine may take to complete its output
   */
  public record Params(long n, long k, int p, int workers, long checkpointIntervalMs,
      String bootstrap, Duration timeout) {
    /** Checks the values (as {@link KeyedCountRun} does). */
    public Params {
      new KeyedCountRun("check", "check", "in", "out", n, k, p, workers, checkpointIntervalMs, Path.of("."));
    }
  }

  /** Runs the workload on each engine in turn; returns the result lines in order. */
  public static List<BenchResult> run(Params params, List<DistributedPeer> peers) throws Exception {
    // Weir's workers may use a session timeout below Kafka's 6 s default minimum.
    EmbeddedKafkaBroker broker = params.bootstrap() == null
        ? EmbeddedKafkaBroker.start(java.util.Map.of("group.min.session.timeout.ms", "1000")) : null;
    try {
      return run(params, peers, broker != null ? broker.bootstrapServers() : params.bootstrap(), broker != null);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private static List<BenchResult> run(Params params, List<DistributedPeer> peers, String bootstrap,
      boolean embedded) throws Exception {
    String runId = Long.toString(System.currentTimeMillis(), 36) + "-"
        + Long.toString(System.nanoTime() & 0xffffff, 36);
    String in = "weir-bench-dist-in-" + runId;
    Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
    createTopics(client, List.of(in), params.p());
    long fillStart = System.nanoTime();
    KafkaKeyedCountBench.fill(client, in, params.n(), params.k());
    long fillMs = (System.nanoTime() - fillStart) / 1_000_000;
    Map<String, Long> expected = KafkaKeyedCountBench.expectedCounts(params.n(), params.k());

    List<BenchResult> lines = new ArrayList<>();
    List<BenchResult> ran = new ArrayList<>();
    for (DistributedPeer peer : peers) {
      String out = "weir-bench-dist-out-" + peer.engine() + "-" + runId;
      createTopics(client, List.of(out), params.p());
      Path stateDir = Files.createTempDirectory("weir-bench-" + peer.engine() + "-");
      KeyedCountRun run = new KeyedCountRun(runId, bootstrap, in, out, params.n(), params.k(), params.p(),
          params.workers(), params.checkpointIntervalMs(), stateDir);
      BenchResult line = header(peer.engine(), params, embedded ? "embedded" : bootstrap);
      try {
        Optional<BenchResult> result = runOne(peer, run, expected, params.timeout(), line.put("fillMs", fillMs));
        if (result.isPresent()) {
          ran.add(result.get());
          if (!embedded) {
            line.put("inputTopic", in).put("outputTopic", out);
          }
        }
        lines.add(line);
      } finally {
        deleteRecursively(stateDir);
      }
    }
    if (ran.size() == 2) {
      lines.add(ratio(ran.get(0), ran.get(1)));
    }
    return lines;
  }

  /** Times one engine into {@code line}; empty if the engine cannot run yet (line says skipped). */
  private static Optional<BenchResult> runOne(DistributedPeer peer, KeyedCountRun run,
      Map<String, Long> expected, Duration timeout, BenchResult line) throws Exception {
    OutputWatcher watcher = new OutputWatcher(run.bootstrap(), run.outputTopic(), expected);
    peer.prepare(run);
    long start = System.nanoTime();
    OutputWatcher.Watch watch;
    DistributedPeer.Running running;
    try {
      running = peer.start(run);
    } catch (UnsupportedOperationException e) {
      LOG.info("{}: {} skipped: {}", WORKLOAD, peer.engine(), e.getMessage());
      line.put("skipped", true).put("reason", e.getMessage());
      return Optional.empty();
    }
    boolean everyUpdate;
    try (running) {
      watch = watcher.await(timeout, running::failure);
      running.settings().forEach(line::put);
      everyUpdate = running.writesEveryUpdate();
    }
    long wallNanos = watch.completeNanos() - start;
    KafkaKeyedCountBench.Output output = KafkaKeyedCountBench.readOutput(
        Map.of("bootstrap.servers", run.bootstrap()), run.outputTopic());
    line.put("wallMs", wallNanos / 1_000_000)
        .put("firstOutputMs", (watch.firstOutputNanos() - start) / 1_000_000)
        .put("recordsPerSec", (double) run.n() * 1e9 / wallNanos)
        .put("outputRecords", output.records())
        .put("outputKeys", output.latest().size());
    if (watch.wrong() != null) {
      line.put("wrong", watch.wrong());
    }
    line.put("verified", watch.wrong() == null && verify(output, expected, run.n(), everyUpdate));
    return Optional.of(line);
  }

  /**
   * Whether the output is exactly the workload's: the latest count of every key is its expected
   * count, no other key, and, when every update is written, exactly {@code n} records (each
   * update once).
   */
  public static boolean verify(KafkaKeyedCountBench.Output output, Map<String, Long> expected, long n,
      boolean everyUpdate) {
    return output.latest().equals(expected) && (everyUpdate ? output.records() == n : output.records() <= n);
  }

  /** The ratio line of two engines' result lines: the second's records/s over the first's. */
  public static BenchResult ratio(BenchResult first, BenchResult second) {
    double a = ((Number) first.get("recordsPerSec")).doubleValue();
    double b = ((Number) second.get("recordsPerSec")).doubleValue();
    return new BenchResult().put("workload", WORKLOAD)
        .put("ratio", second.get("engine") + " / " + first.get("engine"))
        .put("recordsPerSecRatio", BigDecimal.valueOf(b / a).setScale(3, RoundingMode.HALF_UP))
        .put("verified", Boolean.TRUE.equals(first.get("verified")) && Boolean.TRUE.equals(second.get("verified")));
  }

  private static BenchResult header(String engine, Params params, String broker) {
    return new BenchResult().put("workload", WORKLOAD).put("engine", engine).put("broker", broker)
        .put("n", params.n()).put("k", params.k()).put("p", params.p()).put("workers", params.workers());
  }

  private static void createTopics(Map<String, Object> client, List<String> topics, int partitions)
      throws Exception {
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(topics.stream()
              .map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty())).toList())
          .all().get(60, TimeUnit.SECONDS);
      KafkaTopics.awaitLeaders(admin, topics, Duration.ofSeconds(60));
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
