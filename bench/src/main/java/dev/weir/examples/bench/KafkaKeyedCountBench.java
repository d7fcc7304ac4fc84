package dev.weir.examples.bench;

import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.io.kafka.KafkaCheckpointStore;
import dev.weir.io.kafka.KafkaCoders;
import dev.weir.io.kafka.KafkaSink;
import dev.weir.io.kafka.KafkaSource;
import dev.weir.io.kafka.KafkaTopics;
import dev.weir.io.kafka.testing.CommittedReader;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code kafka-keyed-count} workload: the keyed count of {@code docs/benchmarks.md} read from and
 * written to Kafka.
 *
 * <p>Before the timed part, a fresh input topic with {@code p} partitions is filled with
 * {@code N} records whose key is {@link KeyedCountSource#key(long, long) record i's key} and
 * whose value is empty. The timed part runs, on the local runner, {@code KafkaSource}
 * (bounded, {@code read_committed}) → {@code keyBy} → a running count per key in
 * {@code ValueState<Long>} → {@code KafkaSink} (exactly-once or at-least-once) into a fresh
 * output topic, from job start until the job is done. Afterwards the output topic is read
 * {@code read_committed} and verified: the latest value of every key is its expected count,
 * there are {@code min(N, K)} keys, and with exactly-once there are exactly {@code N} output
 * records (every update once).
 *
 * <p>Without a bootstrap address the workload starts an {@link EmbeddedKafkaBroker} in the
 * same JVM (it shares the CPU with the job) and closes it at the end. With one, the input and
 * output topics ({@code weir-bench-in-<run>}, {@code weir-bench-out-<run>}) are left on the
 * cluster; the result names them.
 */
public final class KafkaKeyedCountBench {

  private KafkaKeyedCountBench() {
  }

  /**
   * Parameters of a run.
   *
   * @param n records
   * @param k distinct keys
   * @param p parallelism, and the partitions of the input and output topics
   * @param checkpointIntervalMs checkpoint interval in ms (0: off, only with at-least-once)
   * @param store checkpoint store: {@code memory}, {@code chronicle} or {@code kafka} (the same
   *     cluster, topics of their own)
   * @param guarantee {@code exactly-once} or {@code at-least-once}
   * @param bootstrap the cluster's bootstrap servers, or {@code null} for an embedded broker
   * @param dataDir where a Chronicle Queue store is created
   */
  public record Params(long n, long k, int p, long checkpointIntervalMs, String store,
      String guarantee, String bootstrap, Path dataDir) {
    /** Checks the values. */
    public Params {
      if (n < 0 || k < 1 || p < 1 || checkpointIntervalMs < 0) {
        throw new IllegalArgumentException("need n >= 0, k >= 1, p >= 1, checkpoint interval >= 0");
      }
      KafkaKeyedCountBench.guarantee(guarantee);
      if (guarantee.equals("exactly-once") && checkpointIntervalMs == 0) {
        throw new IllegalArgumentException("--guarantee exactly-once needs checkpoints "
            + "(the sink commits at checkpoints); use --checkpoint-interval > 0");
      }
    }
  }

  /** What was read from the output topic: the latest value of each key, and the record count. */
  public record Output(Map<String, Long> latest, long records) {
  }

  static KafkaSink.Guarantee guarantee(String name) {
    return switch (Objects.requireNonNull(name, "guarantee")) {
      case "exactly-once" -> KafkaSink.Guarantee.EXACTLY_ONCE;
      case "at-least-once" -> KafkaSink.Guarantee.AT_LEAST_ONCE;
      default -> throw new IllegalArgumentException(
          "--guarantee must be exactly-once or at-least-once, was '" + name + "'");
    };
  }

  /** The running count per key in a {@code ValueState<Long>}; outputs every update. */
  public static final class RunningCount extends KeyedProcessFn<String, KV<String, String>, KV<String, Long>> {
    static final StateSpec<ValueState<Long>> COUNT = StateSpec.value("count", Types.LONG);

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(COUNT);
    }

    @Override
    public void processElement(KV<String, String> value, Context<String, KV<String, Long>> ctx) {
      ValueState<Long> count = ctx.state(COUNT);
      Long c = count.value();
      long next = (c == null ? 0 : c) + 1;
      count.update(next);
      ctx.output(KV.of(ctx.key(), next));
    }
  }

  /** Runs the workload once and returns its figures, verified. */
  public static BenchResult run(Params params) throws Exception {
    EmbeddedKafkaBroker broker = params.bootstrap() == null ? EmbeddedKafkaBroker.start() : null;
    try {
      String bootstrap = broker != null ? broker.bootstrapServers() : params.bootstrap();
      return run(params, bootstrap, broker != null);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private static BenchResult run(Params params, String bootstrap, boolean embedded) throws Exception {
    Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
    String runId = Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
    String in = "weir-bench-in-" + runId;
    String out = "weir-bench-out-" + runId;
    String job = "kafka-keyed-count-" + runId;
    KafkaSink.Guarantee guarantee = guarantee(params.guarantee());
    try (Admin admin = Admin.create(client)) {
      // The cluster's default replication factor (1 on the embedded broker).
      admin.createTopics(List.of(new NewTopic(in, Optional.of(params.p()), Optional.empty()),
          new NewTopic(out, Optional.of(params.p()), Optional.empty()))).all().get(60, TimeUnit.SECONDS);
      // A first write to a partition without a leader yet can fail (out-of-order sequence).
      KafkaTopics.awaitLeaders(admin, List.of(in, out), Duration.ofSeconds(60));
    }
    long fillStart = System.nanoTime();
    fill(client, in, params.n(), params.k());
    long fillMs = (System.nanoTime() - fillStart) / 1_000_000;

    PipelineOptions options = PipelineOptions.defaults().withJobName(job).withParallelism(params.p());
    if (params.checkpointIntervalMs() > 0) {
      options = options.withCheckpointInterval(Duration.ofMillis(params.checkpointIntervalMs()));
    }
    Pipeline pipeline = Pipeline.create(options);
    pipeline.read("source", KafkaSource.<String, String>builder()
            .bootstrapServers(bootstrap)
            .topics(in)
            .keyCoder(KafkaCoders.UTF8)
            .valueCoder(KafkaCoders.UTF8)
            .bounded()
            .build())
        .keyBy("byKey", KV::key, Types.STRING)
        .process("count", new RunningCount())
        .write("sink", KafkaSink.<KV<String, Long>>builder(bootstrap, out)
            .key(kv -> kv.key().getBytes(StandardCharsets.UTF_8))
            .value(kv -> Long.toString(kv.value()).getBytes(StandardCharsets.UTF_8))
            .guarantee(guarantee)
            .transactionalIdPrefix("weir-bench-" + runId)
            .createTopicIfMissing(params.p())
            .build());

    CheckpointStore store = params.checkpointIntervalMs() > 0 ? openStore(params, client, job, runId) : null;
    try {
      LocalRunner.Builder runner = LocalRunner.builder();
      if (store != null) {
        runner.checkpointStore(store).restartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
      }
      long start = System.nanoTime();
      PipelineResult r = runner.build().run(pipeline);
      r.waitUntilFinish();
      long wallNanos = System.nanoTime() - start;

      Output output = readOutput(client, out);
      List<CheckpointMetrics> cps = r.checkpoints();
      long[] durations = cps.stream().mapToLong(CheckpointMetrics::durationMs).sorted().toArray();
      BenchResult result = new BenchResult()
          .put("workload", "kafka-keyed-count").put("runner", "local")
          .put("broker", embedded ? "embedded" : bootstrap)
          .put("n", params.n()).put("k", params.k()).put("p", params.p())
          .put("checkpointIntervalMs", params.checkpointIntervalMs())
          .put("store", store == null ? "none" : params.store())
          .put("guarantee", params.guarantee())
          .put("fillMs", fillMs)
          .put("wallMs", wallNanos / 1_000_000)
          .put("recordsPerSec", (double) params.n() * 1e9 / wallNanos)
          .put("checkpoints", cps.size())
          .put("checkpointMsMedian", durations.length == 0 ? 0 : durations[durations.length / 2])
          .put("checkpointMsMax", durations.length == 0 ? 0 : durations[durations.length - 1])
          .put("lastCheckpointBytes", cps.isEmpty() ? 0 : cps.get(cps.size() - 1).bytes())
          .put("outputRecords", output.records())
          .put("outputKeys", output.latest().size());
      if (!embedded) {
        result.put("inputTopic", in).put("outputTopic", out);
      }
      return result.put("verified", verify(output, params.n(), params.k(), guarantee));
    } finally {
      if (store != null) {
        store.close();
        if (store instanceof ChronicleQueueCheckpointStore cq) {
          deleteQuietly(cq.directory());
        }
      }
    }
  }

  private static CheckpointStore openStore(Params params, Map<String, Object> client, String job,
      String runId) throws IOException {
    return switch (params.store()) {
      case "memory" -> CheckpointStores.inMemory();
      case "chronicle" -> {
        Path dir = params.dataDir().resolve(job + "-" + System.nanoTime());
        Files.createDirectories(dir);
        yield ChronicleQueueCheckpointStore.open(dir);
      }
      case "kafka" -> KafkaCheckpointStore.builder(client).topicPrefix("weir-bench-" + runId + "-").build();
      default -> {
        if (params.store().startsWith("kafka://")) {
          yield KafkaCheckpointStore.builder(Map.of("bootstrap.servers",
              params.store().substring("kafka://".length()))).topicPrefix("weir-bench-" + runId + "-").build();
        }
        throw new IllegalArgumentException("--store must be memory, chronicle, kafka (the job's "
            + "cluster) or kafka://HOST:PORT, was '" + params.store() + "'");
      }
    };
  }

  /** Writes N records (key: record i's key, empty value) to the topic and waits for all acks. */
  public static void fill(Map<String, Object> client, String topic, long n, long k) throws Exception {
    Map<String, Object> props = new HashMap<>(client);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    byte[] empty = new byte[0];
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (long i = 0; i < n && failure.get() == null; i++) {
        producer.send(new ProducerRecord<>(topic,
            KeyedCountSource.key(i, k).getBytes(StandardCharsets.UTF_8), empty), (md, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IOException("filling " + topic + " failed: " + failure.get(), failure.get());
    }
  }

  /** Reads the whole topic as a {@code read_committed} consumer: latest value per key, count. */
  public static Output readOutput(Map<String, Object> client, String topic) {
    Map<String, Long> latest = new HashMap<>();
    // A key is written by one sink subtask to one partition, so partition order is its order.
    long records = CommittedReader.read(client, topic, true, Duration.ofSeconds(60),
        rec -> latest.put(new String(rec.key(), StandardCharsets.UTF_8),
            Long.parseLong(new String(rec.value(), StandardCharsets.UTF_8))));
    return new Output(latest, records);
  }

  /**
   * Whether the output is exactly right for {@code n} records over {@code k} keys: the latest
   * value of every key is its count among the first {@code n} records, there are
   * {@code min(n, k)} keys, and with exactly-once there are {@code n} output records.
   */
  public static boolean verify(Output output, long n, long k, KafkaSink.Guarantee guarantee) {
    if (guarantee == KafkaSink.Guarantee.EXACTLY_ONCE ? output.records() != n : output.records() < n) {
      return false;
    }
    if (output.latest().size() != Math.min(n, k)) {
      return false;
    }
    return expectedCounts(n, k).equals(output.latest());
  }

  /** The final count of every key among the first {@code n} records over {@code k} keys. */
  public static Map<String, Long> expectedCounts(long n, long k) {
    Map<String, Long> expected = new HashMap<>();
    for (long i = 0; i < n; i++) {
      expected.merge(KeyedCountSource.key(i, k), 1L, Long::sum);
    }
    return expected;
  }

  /** {@link #verify(Output, long, long, KafkaSink.Guarantee)} with the guarantee's CLI name. */
  public static boolean verify(Output output, long n, long k, String guarantee) {
    return verify(output, n, k, guarantee(guarantee));
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
}
