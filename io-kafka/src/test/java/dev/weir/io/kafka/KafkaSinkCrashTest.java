package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.internal.TopicLeaders;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.Faults;
import dev.weir.testing.PushSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A keyed count writing every update to Kafka through the exactly-once sink, crashed at seeded
 * random records, at barriers and between a checkpoint's completion and its commit: a
 * {@code read_committed} consumer sees exactly the updates of a failure-free run, each once.
 * Two inputs: a generated source, and a Kafka topic read by {@link KafkaSource} (Kafka to
 * Kafka). {@code -Dweir.kafka.crash.runs=N} runs more seeds (default 5 per input, four
 * crashes each: 20 crash points per input). Crashes between a checkpoint's completion and its
 * commit, whose checkpoint ids must be known, are in a test of their own.
 */
class KafkaSinkCrashTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  static final int RECORDS = 6_000;
  static final int KEYS = 50;
  static final int CRASHES_PER_RUN = 4;

  static String key(long i) {
    return "w" + Math.floorMod(i * 31L + i / 7, KEYS);
  }

  /** Every update of a failure-free run: {@code w=1 .. w=n} for a key read n times. */
  static List<String> expectedUpdates(int records) {
    int[] n = new int[KEYS];
    List<String> out = new ArrayList<>();
    for (long i = 0; i < records; i++) {
      String k = key(i);
      out.add(k + "=" + (++n[Integer.parseInt(k.substring(1))]));
    }
    return out;
  }

  static Pipeline countToKafka(String job, Source<String> source, String topic, int parallelism) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(job)
        .withParallelism(parallelism).withCheckpointInterval(Duration.ofMillis(25)));
    p.read("in", source)
        .keyBy("byWord", w -> w, Types.STRING)
        .count("count")
        .write("out", KafkaSink.<KV<String, Long>>builder(KAFKA.bootstrapServers(), topic)
            .key(kv -> kv.key().getBytes(StandardCharsets.UTF_8))
            .value(kv -> Long.toString(kv.value()).getBytes(StandardCharsets.UTF_8))
            .createTopicIfMissing(3)
            .timeout(Duration.ofSeconds(30))
            .build());
    return p;
  }

  static List<Long> seeds() {
    int runs = Integer.getInteger("weir.kafka.crash.runs", 5);
    return java.util.stream.LongStream.range(0, runs).map(i -> 7_000 + i).boxed().toList();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void crashesAtRandomRecordsNeitherLoseNorDuplicateCommittedOutput(long seed) {
    Random random = new Random(seed);
    int parallelism = 1 + random.nextInt(3);
    Faults faults = Faults.create();
    for (int i = 0; i < CRASHES_PER_RUN; i++) {
      // The count step heads the task that also runs the sink. Indexes count per attempt from
      // 0; an attempt restored late in the run has few records left, so stay below a third.
      faults.crashAtRecord("count", random.nextInt(parallelism),
          RECORDS / (12 * parallelism) + random.nextInt(RECORDS / (4 * parallelism)));
    }
    String topic = "crash-" + seed;
    String context = "seed " + seed + " (rerun with -Dweir.kafka.crash.runs), parallelism "
        + parallelism;
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .faults(faults).restartStrategy(RestartStrategy.fixedDelay(20, Duration.ofMillis(5)))
        .build()
        .run(countToKafka("crash-" + seed, new PacedSource(RECORDS, 8, 1_000_000,
            KafkaSinkCrashTest::key), topic, parallelism));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).as(context)
        .isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(context + ", " + faults).isEqualTo(CRASHES_PER_RUN);
    assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic)).as(context)
        .containsExactlyInAnyOrderElementsOf(expectedUpdates(RECORDS));
  }

  /** The input topic of the Kafka-to-Kafka runs: RECORDS keys over 3 partitions, written once. */
  static final String INPUT = "crash-input";
  static List<String> failureFreeOutput;
  static final java.util.concurrent.atomic.AtomicInteger FIRED = new java.util.concurrent.atomic.AtomicInteger();

  @org.junit.jupiter.api.AfterAll
  static void reportCrashes() {
    System.out.println("Kafka-to-Kafka crash points fired: " + FIRED.get());
  }

  @BeforeAll
  static void writeInputAndRunFailureFree() throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin.createTopics(List.of(new NewTopic(INPUT, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
      TopicLeaders.await(admin, List.of(INPUT), Duration.ofSeconds(30), KAFKA.bootstrapServers());
    }
    Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (long i = 0; i < RECORDS; i++) {
        // Round-robin over partitions, no key: the words of one key are spread over all three.
        sent.add(producer.send(new ProducerRecord<>(INPUT, (int) (i % 3), null, key(i))));
      }
      for (java.util.concurrent.Future<?> f : sent) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
    String topic = "kafka-to-kafka-failure-free";
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(countToKafka("failure-free", kafkaInput(), topic, 2));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).isEqualTo(PipelineResult.State.DONE);
    failureFreeOutput = CommittedRecords.read(KAFKA.clientProperties(), topic);
  }

  static KafkaSource<String> kafkaInput() {
    return KafkaSource.<byte[], String>builder().bootstrapServers(KAFKA.bootstrapServers())
        .topics(INPUT).valueCoder(KafkaCoders.UTF8).bounded().buildValues();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void kafkaToKafkaCrashesGiveExactlyTheRecordsOfAFailureFreeRun(long seed) {
    Random random = new Random(seed * 31);
    int parallelism = 1 + random.nextInt(3);
    Faults faults = Faults.create();
    for (int i = 0; i < CRASHES_PER_RUN; i++) {
      faults.crashAtRecord("count", random.nextInt(parallelism),
          RECORDS / (12 * parallelism) + random.nextInt(RECORDS / (4 * parallelism)));
    }
    String topic = "kafka-to-kafka-" + seed;
    String context = "seed " + seed + ", parallelism " + parallelism;
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .faults(faults).restartStrategy(RestartStrategy.fixedDelay(20, Duration.ofMillis(5)))
        .build()
        .run(countToKafka("k2k-" + seed, kafkaInput(), topic, parallelism));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).as(context)
        .isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(context + ", " + faults).isEqualTo(CRASHES_PER_RUN);
    FIRED.addAndGet(faults.fired());
    List<String> committed = CommittedRecords.read(KAFKA.clientProperties(), topic);
    assertThat(committed).as(context).containsExactlyInAnyOrderElementsOf(failureFreeOutput);
    assertThat(committed).as(context).containsExactlyInAnyOrderElementsOf(expectedUpdates(RECORDS));
  }

  @Test
  void crashesBetweenACompletedCheckpointAndItsCommitAndAtBarriersLoseNothing() {
    // Checkpoints are triggered by hand so their ids are known: 1 and 2 crash before the sink
    // commits them (the restored job must write their records), 3 crashes at the barrier.
    Faults faults = Faults.create()
        .crashBeforeCommit("out", 0, 1)
        .crashBeforeCommit("out", 1, 2)
        .crashAtBarrier("count", 1, 3);
    PushSource<String> in = PushSource.create(Types.STRING);
    String topic = "commit-window";
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("commit-window")
        .withParallelism(2).withCheckpointInterval(Duration.ofDays(1)));
    p.read("in", in).withParallelism(1)
        .keyBy("byWord", w -> w, Types.STRING)
        .count("count")
        .write("out", KafkaSink.<KV<String, Long>>builder(KAFKA.bootstrapServers(), topic)
            .key(kv -> kv.key().getBytes(StandardCharsets.UTF_8))
            .value(kv -> Long.toString(kv.value()).getBytes(StandardCharsets.UTF_8))
            .createTopicIfMissing(2)
            .build());
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .faults(faults).restartStrategy(RestartStrategy.fixedDelay(10, Duration.ofMillis(5)))
        .build().run(p);
    int pushed = 0;
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 500; i++) {
        in.push(key(pushed++));
      }
      boolean crashes = round < 3;
      try {
        r.triggerCheckpoint().get();
        assertThat(round).as("checkpoint %d completes", round + 1).isNotEqualTo(2);
      } catch (Exception e) {
        assertThat(round).as("only checkpoint 3 fails (at its barrier): " + e).isEqualTo(2);
      }
      if (crashes) {
        awaitRestarts(r, round + 1);
      }
    }
    in.finish();
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(faults.toString()).isEqualTo(3);
    assertThat(r.restarts()).isGreaterThanOrEqualTo(3);
    assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic))
        .containsExactlyInAnyOrderElementsOf(expectedUpdates(pushed));
  }

  /** Waits until the job restarted {@code n} times in all. */
  private static void awaitRestarts(PipelineResult r, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (r.restarts() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the job restarted " + r.restarts() + " times, expected " + n);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
