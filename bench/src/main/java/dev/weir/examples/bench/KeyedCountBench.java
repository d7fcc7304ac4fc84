package dev.weir.examples.bench;

import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.io.kafka.KafkaCheckpointStore;
import dev.weir.io.kafka.testing.EmbeddedKafkaBroker;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The keyed-count workloads on the local runner, described in {@code docs/benchmarks.md}. */
public final class KeyedCountBench {

  /** Interval of the records/s timeline in the JSON line. */
  static final long TIMELINE_INTERVAL_MS = 250;

  /**
   * Parameters of a run.
   *
   * @param snapshotWarmup whether the runner compiles the snapshot paths on synthetic state
   *     before the first checkpoint ({@code LocalRunner.Builder.snapshotWarmup}); off by
   *     default, as for users' jobs
   */
  public record Params(long n, long k, int p, long checkpointIntervalMs, String store, Path dataDir,
      boolean snapshotWarmup) {
    /** Parameters without the snapshot warm-up. */
    public Params(long n, long k, int p, long checkpointIntervalMs, String store, Path dataDir) {
      this(n, k, p, checkpointIntervalMs, store, dataDir, false);
    }
  }

  /** The running sum per key in a {@code ValueState<Long>}. */
  static final class RunningSum extends KeyedProcessFn<String, KV<String, Long>, KV<String, Long>> {
    static final StateSpec<ValueState<Long>> SUM = StateSpec.value("sum", Types.LONG);

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(SUM);
    }

    @Override
    public void processElement(KV<String, Long> value, Context<String, KV<String, Long>> ctx) {
      ValueState<Long> sum = ctx.state(SUM);
      Long s = sum.value();
      long next = (s == null ? 0 : s) + value.value();
      sum.update(next);
      ctx.output(KV.of(ctx.key(), next));
    }
  }

  static Pipeline pipeline(Params params, String job, SummingSink sink) {
    PipelineOptions options = PipelineOptions.defaults().withJobName(job).withParallelism(params.p());
    if (params.checkpointIntervalMs() > 0) {
      options = options.withCheckpointInterval(Duration.ofMillis(params.checkpointIntervalMs()));
    }
    Pipeline p = Pipeline.create(options);
    p.read("source", new KeyedCountSource(params.n(), params.k()))
        .keyBy("byKey", KV::key, Types.STRING)
        .process("sum", new RunningSum())
        .write("sink", sink);
    return p;
  }

  private static CheckpointStore openStore(Params params, String job) throws IOException {
    return switch (params.store()) {
      case "memory" -> CheckpointStores.inMemory();
      case "chronicle" -> {
        Path dir = params.dataDir().resolve(job + "-" + System.nanoTime());
        Files.createDirectories(dir);
        yield ChronicleQueueCheckpointStore.open(dir);
      }
      case "kafka" -> {
        // An in-process broker for this run: it shares the machine with the job.
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        EMBEDDED.set(broker);
        yield kafkaStore(broker.bootstrapServers(), job);
      }
      default -> {
        if (params.store().startsWith("kafka://")) {
          yield kafkaStore(params.store().substring("kafka://".length()), job);
        }
        throw new IllegalArgumentException("--store must be memory, chronicle, kafka (a broker "
            + "in this process) or kafka://HOST:PORT, was '" + params.store() + "'");
      }
    };
  }

  /** The broker started for a {@code --store kafka} run, closed with the store. */
  private static final ThreadLocal<EmbeddedKafkaBroker> EMBEDDED = new ThreadLocal<>();

  private static CheckpointStore kafkaStore(String bootstrap, String job) {
    return KafkaCheckpointStore.builder(Map.of("bootstrap.servers", bootstrap))
        .topicPrefix("bench-" + job + "-" + System.nanoTime() + "-").build();
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  /** keyed-count: throughput with checkpoints, verified exactly. */
  public static BenchResult keyedCount(Params params) throws Exception {
    return run("keyed-count", params, null);
  }

  /** keyed-count-recovery: an injected failure at record N/2 of one subtask, after a checkpoint. */
  public static BenchResult recovery(Params params) throws Exception {
    return run("keyed-count-recovery", params, new RecoveryProbe(params.n() / 2 / params.p()));
  }

  /**
   * big-state-checkpoint: keyed-count over many keys (1M by default) with a failure at N/2:
   * sizes and durations of full and incremental checkpoints, and the time to restore.
   */
  public static BenchResult bigState(Params params) throws Exception {
    return run("big-state-checkpoint", params, new RecoveryProbe(params.n() / 2 / params.p()));
  }

  private static long median(long[] sorted) {
    return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
  }

  private static BenchResult run(String workload, Params params, RecoveryProbe probe) throws Exception {
    SummingSink sink = new SummingSink();
    String job = workload;
    CheckpointStore store = params.checkpointIntervalMs() > 0 || probe != null ? openStore(params, job) : null;
    try {
      LocalRunner.Builder runner = LocalRunner.builder().snapshotWarmup(params.snapshotWarmup());
      if (store != null) {
        runner.checkpointStore(store).restartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
      }
      if (probe != null) {
        runner.faults(probe.faults);
      }
      if (store != null) {
        store.prepare(job);
      }
      long start = System.nanoTime();
      PipelineResult r = runner.build().run(pipeline(params, job, sink));
      ThroughputSampler timeline = ThroughputSampler.start(r, "sum", TIMELINE_INTERVAL_MS);
      try {
        r.waitUntilFinish();
      } finally {
        timeline.stop();
      }
      long wallNanos = System.nanoTime() - start;
      List<CheckpointMetrics> cps = r.checkpoints();
      long[] durations = cps.stream().mapToLong(CheckpointMetrics::durationMs).sorted().toArray();
      BenchResult out = new BenchResult()
          .put("workload", workload).put("runner", "local")
          .put("n", params.n()).put("k", params.k()).put("p", params.p())
          .put("checkpointIntervalMs", params.checkpointIntervalMs())
          .put("store", store == null ? "none" : params.store())
          .put("snapshotWarmup", params.snapshotWarmup())
          .put("wallMs", wallNanos / 1_000_000)
          .put("recordsPerSec", (double) params.n() * 1e9 / wallNanos)
          .put("checkpoints", cps.size())
          .put("checkpointMsMedian", durations.length == 0 ? 0 : durations[durations.length / 2])
          .put("checkpointMsMax", durations.length == 0 ? 0 : durations[durations.length - 1])
          .put("alignmentMsMax", cps.stream().mapToLong(CheckpointMetrics::alignmentMsMax).max().orElse(0))
          .put("syncMsMax", cps.stream().mapToLong(CheckpointMetrics::syncMsMax).max().orElse(0))
          .put("asyncMsMax", cps.stream().mapToLong(CheckpointMetrics::asyncMsMax).max().orElse(0))
          .put("lastCheckpointBytes", cps.isEmpty() ? 0 : cps.get(cps.size() - 1).bytes());
      if (workload.equals("big-state-checkpoint")) {
        long[] fullBytes = cps.stream().filter(c -> c.fullBytes() > c.deltaBytes())
            .mapToLong(CheckpointMetrics::bytes).sorted().toArray();
        long[] fullMs = cps.stream().filter(c -> c.fullBytes() > c.deltaBytes())
            .mapToLong(CheckpointMetrics::durationMs).sorted().toArray();
        long[] deltaBytes = cps.stream().filter(c -> c.deltaBytes() >= c.fullBytes())
            .mapToLong(CheckpointMetrics::bytes).sorted().toArray();
        long[] deltaMs = cps.stream().filter(c -> c.deltaBytes() >= c.fullBytes())
            .mapToLong(CheckpointMetrics::durationMs).sorted().toArray();
        out.put("fullCheckpoints", fullBytes.length).put("fullBytesMedian", median(fullBytes))
            .put("fullMsMedian", median(fullMs))
            .put("incrementalCheckpoints", deltaBytes.length)
            .put("incrementalBytesMedian", median(deltaBytes))
            .put("incrementalMsMedian", median(deltaMs));
      }
      if (probe != null) {
        List<Long> restored = r.restoredCheckpointIds();
        List<Long> recoveries = r.recoveryMillis();
        out.put("recoveryMs", recoveries.isEmpty() ? -1 : recoveries.get(0))
            .put("restoredCheckpointId", restored.isEmpty() ? -1 : restored.get(0));
      }
      long steady = ThroughputSampler.steady(timeline.recordsPerSec());
      return out.put("verified", BenchResult.verified(params.n(), sink.total())
          && sink.keys() == Math.min(params.n(), params.k()))
          .put("checkpointDurationsMs", cps.stream()
              .sorted(Comparator.comparingLong(CheckpointMetrics::checkpointId))
              .mapToLong(CheckpointMetrics::durationMs).toArray())
          .put("steadyRecordsPerSec", steady < 0 ? null : steady)
          .put("timelineIntervalMs", TIMELINE_INTERVAL_MS)
          .put("recordsPerSecTimeline", timeline.recordsPerSec());
    } finally {
      if (store != null) {
        store.close();
        if (store instanceof ChronicleQueueCheckpointStore cq) {
          deleteQuietly(cq.directory());
        }
        EmbeddedKafkaBroker broker = EMBEDDED.get();
        if (broker != null) {
          EMBEDDED.remove();
          broker.close();
        }
      }
    }
  }

  /** Fails subtask 0 of "sum" once, at the given record of the first attempt. */
  static final class RecoveryProbe {
    final Faults faults = Faults.create();

    RecoveryProbe(long at) {
      faults.crashAtRecord("sum", 0, at);
    }
  }

  private static void countRange(HashMap<String, Long> counts, long from, long to, long k) {
    for (long i = from; i < to; i++) {
      KV<String, Long> kv = KV.of(KeyedCountSource.key(i, k), 1L);
      counts.merge(kv.key(), kv.value(), Long::sum);
    }
  }

  /** plain-java: the same records counted in a single-threaded HashMap loop. */
  public static BenchResult plainJava(Params params) {
    long start = System.nanoTime();
    HashMap<String, Long> counts = new HashMap<>();
    // In chunks, as a source reads them: one long loop would run as on-stack-replaced code,
    // which the JIT optimizes far worse, and would understate the baseline.
    for (long from = 0; from < params.n(); from += 4096) {
      countRange(counts, from, Math.min(params.n(), from + 4096), params.k());
    }
    long wallNanos = System.nanoTime() - start;
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    return new BenchResult().put("workload", "plain-java").put("runner", "none")
        .put("n", params.n()).put("k", params.k()).put("p", 1)
        .put("wallMs", wallNanos / 1_000_000)
        .put("recordsPerSec", (double) params.n() * 1e9 / wallNanos)
        .put("verified", BenchResult.verified(params.n(), total));
  }
}
