package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.internal.source.KafkaPartitionPosition;
import dev.weir.io.kafka.internal.source.KafkaPartitionPositionCoder;
import dev.weir.io.kafka.internal.source.KafkaSourceReader;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.local.LocalRunner;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.state.ListOperatorSnapshot;
import dev.weir.runtime.state.ListStateFormat;
import dev.weir.sdk.ConfigException;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.Faults;
import dev.weir.testing.WeirTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link KafkaSource} against a real in-JVM broker (one for the class). */
class KafkaSourceTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  /** The topic the crash tests count: {@value #COUNTED_RECORDS} records over 4 partitions. */
  private static final String COUNTED = "counted";
  private static final int COUNTED_RECORDS = 20_000;
  private static final int KEYS = 97;

  private static Producer<byte[], byte[]> producer;
  private static Admin admin;
  private static boolean countedWritten;

  static synchronized Producer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
      // Not idempotent: a just-created partition may answer NOT_LEADER at first, and the
      // idempotent producer's retries then fail with OUT_OF_ORDER_SEQUENCE_NUMBER.
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
      producer = new KafkaProducer<>(props);
    }
    return producer;
  }

  static synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(KAFKA.clientProperties());
    }
    return admin;
  }

  @AfterAll
  static synchronized void closeClients() {
    if (producer != null) {
      producer.close();
      producer = null;
    }
    if (admin != null) {
      admin.close();
      admin = null;
    }
    countedWritten = false;
  }

  static void createTopic(String name, int partitions) throws Exception {
    admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
        .get(30, TimeUnit.SECONDS);
    awaitLeaders(name, partitions);
  }

  /** Waits until every partition of the topic has a leader. */
  static void awaitLeaders(String topic, int partitions) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      TopicDescription d;
      try {
        d = admin().describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
            .get(topic);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          continue;                               // metadata not there yet
        }
        throw e;
      }
      if (d.partitions().size() == partitions
          && d.partitions().stream().allMatch(p -> p.leader() != null)) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("topic " + topic + " has no leaders after 30 s");
  }

  static void send(String topic, int partition, String key, byte[] value, Long timestamp)
      throws Exception {
    SENT.add(producer().send(new ProducerRecord<>(topic, partition, timestamp,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)));
  }

  private static final List<Future<RecordMetadata>> SENT = new ArrayList<>();

  static void send(String topic, int partition, String key, String value, Long timestamp)
      throws Exception {
    send(topic, partition, key, value.getBytes(StandardCharsets.UTF_8), timestamp);
  }

  /** Waits until every record sent is acknowledged; fails if one was not. */
  static void flush() throws Exception {
    producer().flush();
    for (Future<RecordMetadata> f : SENT) {
      f.get(30, TimeUnit.SECONDS);
    }
    SENT.clear();
  }

  static String word(int i) {
    return "w" + Math.floorMod(i * 7919, KEYS);
  }

  /** Writes {@link #COUNTED} once for the class. */
  static synchronized void writeCounted() throws Exception {
    if (countedWritten) {
      return;
    }
    createTopic(COUNTED, 4);
    for (int i = 0; i < COUNTED_RECORDS; i++) {
      send(COUNTED, i % 4, null, word(i), null);
    }
    flush();
    countedWritten = true;
  }

  static Map<String, Long> expectedCounts() {
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < COUNTED_RECORDS; i++) {
      expected.merge(word(i), 1L, Long::sum);
    }
    return expected;
  }

  static KafkaSource<String> counted() {
    return KafkaSource.<byte[], String>builder().bootstrapServers(KAFKA.bootstrapServers())
        .topics(COUNTED).valueCoder(KafkaCoders.UTF8).bounded().buildValues();
  }

  @Test
  void readsEveryRecordOfAMultiPartitionTopicOnceAtParallelismTwo() throws Exception {
    createTopic("multi", 4);
    List<KV<String, String>> expected = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      send("multi", i % 4, "k" + i % 10, "v" + i, null);
      expected.add(KV.of("k" + i % 10, "v" + i));
    }
    flush();
    assertThat(List.of(0, 1, 2, 3)).as("both subtasks own partitions")
        .extracting(p -> KafkaSourceReader.owner("multi", p, 2)).contains(0, 1);
    CollectingSink<KV<String, String>> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("multi").withParallelism(2));
    p.read("in", KafkaSource.<String, String>builder().bootstrapServers(KAFKA.bootstrapServers())
            .topics("multi").keyCoder(KafkaCoders.UTF8).valueCoder(KafkaCoders.UTF8)
            .commitOffsetsToGroup("multi-monitor").bounded().build())
        .write("out", out);
    LocalRunner runner = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build();
    PipelineResult r = WeirTest.run(runner, p, Duration.ofSeconds(60));
    assertThat(out.results()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(r.metrics().step("in").recordsOut()).isEqualTo(2_000);
    Map<TopicPartition, OffsetAndMetadata> committed = admin()
        .listConsumerGroupOffsets("multi-monitor").partitionsToOffsetAndMetadata()
        .get(30, TimeUnit.SECONDS);
    assertThat(committed).hasSize(4);
    assertThat(committed.values()).allSatisfy(o -> assertThat(o.offset()).isEqualTo(500));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void aCrashedJobRestoresFromItsCheckpointWithExactResults(long seed) throws Exception {
    writeCounted();
    int subtask = (int) (seed % 2);
    // At the barrier of checkpoint 2, 3 or 4: one checkpoint at most is in flight, so the one
    // before it has completed and the restore has a checkpoint to start from (a crash at a
    // record index could come before the first checkpoint completed, and then nothing would
    // be restored).
    long crashAtCheckpoint = 2 + seed % 3;
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("crash-" + seed)
        .withParallelism(2).withSetting("checkpoint.every.records", "1500"));
    p.read("in", counted())
        .keyBy("byWord", w -> w, Types.STRING)
        .count("count")
        .write("out", out);
    Faults faults = Faults.create().crashAtBarrier("count", subtask, crashAtCheckpoint);
    PipelineResult job = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .faults(faults).build().run(p);
    assertThat(job.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(faults.toString()).isEqualTo(1);
    assertThat(job.restarts()).isEqualTo(1);
    assertThat(job.restoredCheckpointIds()).as("restored from the checkpoint before the crash")
        .containsExactly(crashAtCheckpoint - 1);
    assertThat(out.size()).as("one update per record: no loss, no duplicate")
        .isEqualTo(COUNTED_RECORDS);
    assertThat(out.<String, Long>latestByKey()).isEqualTo(expectedCounts());
  }

  @Test
  void aCheckpointRestoresAtAnotherParallelism() throws Exception {
    writeCounted();
    CheckpointStore store = CheckpointStores.inMemory();
    // At checkpoint 3's barrier: checkpoints 1 and 2 have completed by then (one in flight at
    // most), so the second run has one to restore at the new parallelism.
    Faults faults = Faults.create().crashAtBarrier("count", 0, 3);
    PipelineResult first = LocalRunner.builder().checkpointStore(store).faults(faults)
        .restartStrategy(RestartStrategy.none()).build()
        .run(finalCounts(2, CollectingSink.create()));
    try {
      first.waitUntilFinish(Duration.ofSeconds(60));
    } catch (RuntimeException expected) {
      // the planned crash
    }
    assertThat(first.state()).isEqualTo(PipelineResult.State.FAILED);
    assertThat(store.listCheckpoints("rescale")).isNotEmpty();
    assertPositionsAreNamedRecords(store, store.listCheckpoints("rescale").get(0));

    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult second = LocalRunner.builder().checkpointStore(store).build()
        .run(finalCounts(3, out));
    assertThat(second.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    assertThat(second.restoredCheckpointIds()).containsExactly(2L);
    assertThat(second.metrics().step("in").recordsOut()).as("resumed mid-way")
        .isGreaterThan(0).isLessThan(COUNTED_RECORDS);
    assertThat(out.<String, Long>latestByKey()).isEqualTo(expectedCounts());
    assertThat(out.results()).hasSize(KEYS);
  }

  /** The source's positions in a job's checkpoint are KafkaPartitionPosition records. */
  private static void assertPositionsAreNamedRecords(CheckpointStore store,
      CheckpointManifest checkpoint) throws Exception {
    List<OperatorStateHandle> positions = checkpoint.step("in").orElseThrow().operatorState();
    assertThat(positions).hasSize(2).allSatisfy(h -> {
      assertThat(h.kind()).isEqualTo(ListOperatorSnapshot.SOURCE_POSITIONS);
      assertThat(new Schema.Parser().parse(h.schema()))
          .isEqualTo(KafkaPartitionPositionCoder.INSTANCE.schema());
    });
    List<KafkaPartitionPosition> read = new ArrayList<>();
    for (OperatorStateHandle h : positions) {
      try (InputStream in = store.openBlob(h.handle())) {
        read.addAll(ListStateFormat.read(in, KafkaPartitionPositionCoder.INSTANCE));
      }
    }
    assertThat(read).extracting(KafkaPartitionPosition::topic).containsOnly(COUNTED);
    assertThat(read).extracting(KafkaPartitionPosition::partition)
        .containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(read).allSatisfy(pos -> assertThat(pos.offset()).isBetween(0L, pos.stopOffset()));
    assertThat(read).as("bounded: the end offsets are recorded").allSatisfy(
        pos -> assertThat(pos.stopOffset()).isPositive());
    assertThat(read).as("the checkpoint came after some records")
        .anySatisfy(pos -> assertThat(pos.offset()).isPositive());
  }

  private static Pipeline finalCounts(int parallelism, CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("rescale")
        .withParallelism(parallelism).withSetting("checkpoint.every.records", "2000"));
    p.read("in", counted())
        .keyBy("byWord", w -> w, Types.STRING)
        .process("count", new KafkaStoreRestoreTest.FinalCount())
        .write("out", out);
    return p;
  }

  @Test
  void aRecordThatDoesNotDecodeFailsNamingTopicPartitionOffsetAndCoder() throws Exception {
    createTopic("bad", 1);
    send("bad", 0, null, "a", null);
    send("bad", 0, null, "b", null);
    send("bad", 0, null, new byte[] {'x', (byte) 0xff, (byte) 0xfe}, 42L);
    send("bad", 0, null, "c", null);
    flush();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("bad"));
    p.read("in", KafkaSource.<byte[], String>builder().bootstrapServers(KAFKA.bootstrapServers())
        .topics("bad").valueCoder(KafkaCoders.UTF8).bounded().buildValues())
        .write("out", CollectingSink.create());
    assertThatThrownBy(() -> WeirTest.run(p))
        .hasStackTraceContaining("bad/0@2 (topic bad, partition 0, offset 2)")
        .hasStackTraceContaining("Coder<KAFKA_UTF8>")
        .hasStackTraceContaining("deadLetters()");

    Pipeline q = Pipeline.create(PipelineOptions.defaults().withJobName("bad-dead"));
    CollectingSink<String> good = CollectingSink.create();
    CollectingSink<DeadLetter> dead = CollectingSink.create();
    PStream<String> in = q.read("in", KafkaSource.<byte[], String>builder()
        .bootstrapServers(KAFKA.bootstrapServers()).topics("bad").valueCoder(KafkaCoders.UTF8)
        .bounded().deadLetters().buildValues());
    in.write("good", good);
    in.sideOutput(DeadLetter.TAG).write("dead", dead);
    WeirTest.run(q);
    assertThat(good.results()).containsExactly("a", "b", "c");
    assertThat(dead.results()).hasSize(1);
    DeadLetter letter = dead.results().get(0);
    assertThat(letter.step()).isEqualTo("in");
    assertThat(letter.origin()).isEqualTo("bad/0@2");
    assertThat(letter.payload()).containsExactly('x', 0xff, 0xfe);
    assertThat(letter.timestamp()).isEqualTo(42L);
    assertThat(letter.reason()).contains("Coder<KAFKA_UTF8>").contains("not valid UTF-8");
  }

  @Test
  void anIdlePartitionDoesNotHoldBackPerPartitionWatermarks() throws Exception {
    createTopic("wm", 2);
    send("wm", 0, "x", "a", 1_000L);
    send("wm", 0, "x", "b", 2_000L);
    send("wm", 1, "x", "c", 1_500L);          // partition 1 then stays quiet
    send("wm", 0, "x", "d", 15_000L);
    flush();
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("wm")
        .withCheckpointInterval(Duration.ofMillis(50)));
    p.read("in", KafkaSource.<String, String>builder().bootstrapServers(KAFKA.bootstrapServers())
            .topics("wm").keyCoder(KafkaCoders.UTF8).valueCoder(KafkaCoders.UTF8)
            .watermarks(Duration.ZERO, Duration.ofMillis(300)).build())
        .keyBy("byKey", KV::key, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofSeconds(10)))
        .count("counts")
        .write("out", out);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(p);
    try {
      // Partition 0 stays active (records at 15 s keep coming) while partition 1 goes idle:
      // then the watermark is partition 0's alone and passes the end of [0, 10 s).
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() == 0 && System.nanoTime() < deadline) {
        send("wm", 0, "x", "keep-alive", 15_000L);
        flush();
        try {
          out.awaitSize(1, Duration.ofMillis(100));
        } catch (TimeoutException stillWaiting) {
          // produce another record to partition 0
        }
      }
      assertThat(out.results()).containsExactly(
          new WindowResult<>("x", 0, 10_000, 3L, 0, WindowResult.Timing.ON_TIME));
    } finally {
      r.cancel();
    }
  }

  @Test
  void discoversNewPartitionsAndNewMatchingTopicsWhileRunning() throws Exception {
    createTopic("disc-a", 1);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      send("disc-a", 0, null, "a0-" + i, null);
      expected.add("a0-" + i);
    }
    flush();
    CollectingSink<String> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("disc").withParallelism(2)
        .withCheckpointInterval(Duration.ofMillis(50)));
    p.read("in", KafkaSource.<byte[], String>builder().bootstrapServers(KAFKA.bootstrapServers())
            .topicPattern(Pattern.compile("disc-.*")).valueCoder(KafkaCoders.UTF8)
            .partitionDiscoveryInterval(Duration.ofMillis(100)).buildValues())
        .write("out", out);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(p);
    try {
      out.awaitSize(10, Duration.ofSeconds(30));
      admin().createPartitions(Map.of("disc-a", NewPartitions.increaseTo(2))).all()
          .get(30, TimeUnit.SECONDS);
      awaitLeaders("disc-a", 2);
      for (int i = 0; i < 10; i++) {
        send("disc-a", 1, null, "a1-" + i, null);
        expected.add("a1-" + i);
      }
      flush();
      out.awaitSize(20, Duration.ofSeconds(30));
      createTopic("disc-b", 1);
      for (int i = 0; i < 5; i++) {
        send("disc-b", 0, null, "b0-" + i, null);
        expected.add("b0-" + i);
      }
      flush();
      out.awaitSize(25, Duration.ofSeconds(30));
      assertThat(out.results()).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      r.cancel();
    }
  }

  @Test
  void readCommittedSkipsAbortedTransactionsAndABoundedReadEndsAtTheLastStableOffset()
      throws Exception {
    createTopic("tx", 1);
    Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kafka-source-test");
    try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(props)) {
      tx.initTransactions();
      tx.beginTransaction();
      tx.send(new ProducerRecord<>("tx", 0, null, "committed-1".getBytes(StandardCharsets.UTF_8)));
      tx.commitTransaction();
      tx.beginTransaction();
      tx.send(new ProducerRecord<>("tx", 0, null, "aborted".getBytes(StandardCharsets.UTF_8)));
      tx.flush();
      tx.abortTransaction();
      tx.beginTransaction();
      tx.send(new ProducerRecord<>("tx", 0, null, "committed-2".getBytes(StandardCharsets.UTF_8)));
      tx.commitTransaction();
      tx.beginTransaction();
      tx.send(new ProducerRecord<>("tx", 0, null, "open".getBytes(StandardCharsets.UTF_8)));
      tx.flush();                              // still open while the job runs: beyond the LSO
      CollectingSink<String> out = CollectingSink.create();
      Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("tx"));
      p.read("in", KafkaSource.<byte[], String>builder().bootstrapServers(KAFKA.bootstrapServers())
          .topics("tx").valueCoder(KafkaCoders.UTF8).bounded().buildValues())
          .write("out", out);
      WeirTest.run(p);
      assertThat(out.results()).containsExactly("committed-1", "committed-2");
      tx.abortTransaction();
    }
  }

  @Test
  void partitionsWithoutACheckpointCanStartAtATimestamp() throws Exception {
    createTopic("ts", 1);
    for (long t = 1_000; t <= 5_000; t += 1_000) {
      send("ts", 0, null, "at" + t, t);
    }
    flush();
    CollectingSink<String> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("ts"));
    p.read("in", KafkaSource.<byte[], String>builder().bootstrapServers(KAFKA.bootstrapServers())
        .topics("ts").valueCoder(KafkaCoders.UTF8).startFromTimestamp(Instant.ofEpochMilli(3_000))
        .bounded().buildValues())
        .write("out", out);
    WeirTest.run(p);
    assertThat(out.results()).containsExactly("at3000", "at4000", "at5000");
  }

  @Test
  void aRestoredReaderReadsPartitionsWithoutACheckpointedOffsetFromTheBeginning() throws Exception {
    // The checkpoint knew partition 0 only (read up to offset 1); partition 1 appeared later.
    // Even with startFromLatest, the restored reader must read all of partition 1.
    createTopic("grown", 2);
    send("grown", 0, null, "p0-a", null);
    send("grown", 0, null, "p0-b", null);
    send("grown", 1, null, "p1-a", null);
    send("grown", 1, null, "p1-b", null);
    flush();
    KafkaSource<String> source = KafkaSource.<byte[], String>builder()
        .bootstrapServers(KAFKA.bootstrapServers()).topics("grown").valueCoder(KafkaCoders.UTF8)
        .startFromLatest().bounded().buildValues();
    List<String> read = readToEnd(source,
        List.of(new KafkaPartitionPosition("grown", 0, 1L, Long.MIN_VALUE, -1L)));
    assertThat(read).containsExactlyInAnyOrder("p0-b", "p1-a", "p1-b");
  }

  @Test
  void aReaderRestoredFromTheV1GoldenCheckpointResumesAtItsOffsets() throws Exception {
    // kafka-positions-v1: orders-0 at 4, orders-1 at 7, orders-2 at 0, payments-0 at 12.
    createTopic("orders", 3);
    createTopic("payments", 1);
    for (int i = 0; i < 15; i++) {
      for (int p = 0; p < 3 && i < 10; p++) {
        send("orders", p, null, "orders-" + p + "@" + i, null);
      }
      send("payments", 0, null, "payments-0@" + i, null);
    }
    flush();
    RestoredState golden = KafkaPositionsGoldenFileTest.restoredGolden();
    List<KafkaPartitionPosition> positions = ListOperatorSnapshot.readAll(golden,
        golden.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS),
        KafkaPartitionPositionCoder.INSTANCE);
    KafkaSource<String> source = KafkaSource.<byte[], String>builder()
        .bootstrapServers(KAFKA.bootstrapServers()).topics("orders", "payments")
        .valueCoder(KafkaCoders.UTF8).bounded().buildValues();
    List<String> expected = new ArrayList<>();
    int[] from = {4, 7, 0};
    for (int p = 0; p < 3; p++) {
      for (int i = from[p]; i < 10; i++) {
        expected.add("orders-" + p + "@" + i);
      }
    }
    for (int i = 12; i < 15; i++) {
      expected.add("payments-0@" + i);
    }
    assertThat(readToEnd(source, positions)).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Opens a reader of subtask 0 of 1 on {@code restored} and reads a bounded source to its end. */
  @SuppressWarnings("unchecked")
  private static List<String> readToEnd(KafkaSource<String> source,
      List<KafkaPartitionPosition> restored) throws Exception {
    dev.weir.sdk.io.SourceReader<String, KafkaPartitionPosition> reader =
        (dev.weir.sdk.io.SourceReader<String, KafkaPartitionPosition>) source.createReader(
            new dev.weir.sdk.io.SourceContext() {
              @Override public String stepName() { return "in"; }
              @Override public int subtaskIndex() { return 0; }
              @Override public int parallelism() { return 1; }
            });
    List<String> read = new ArrayList<>();
    try (reader) {
      reader.open(restored);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      dev.weir.sdk.io.ReadStatus status;
      do {
        status = reader.read(new dev.weir.sdk.io.SourceOutput<>() {
          @Override public void emit(String value) { read.add(value); }
          @Override public void emit(String value, long timestamp) { read.add(value); }
        });
        assertThat(System.nanoTime()).as("read " + read).isLessThan(deadline);
      } while (status != dev.weir.sdk.io.ReadStatus.END_OF_INPUT);
    }
    return read;
  }

  @Test
  void anExplicitTopicThatDoesNotExistFailsNamingItAfterTheWait() {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("missing"));
    p.read("in", KafkaSource.<byte[], String>builder().bootstrapServers(KAFKA.bootstrapServers())
        .topics("no-such-topic").valueCoder(KafkaCoders.UTF8)
        .topicWaitTimeout(Duration.ofMillis(300)).bounded().buildValues())
        .write("out", CollectingSink.create());
    assertThatThrownBy(() -> WeirTest.run(p))
        .hasStackTraceContaining("topic no-such-topic does not exist")
        .hasStackTraceContaining("topicWaitTimeout");
  }

  @Test
  void invalidSettingsNameTheirKey() {
    assertThatThrownBy(() -> KafkaSource.<String, String>builder().topics("t")
        .valueCoder(KafkaCoders.UTF8).buildValues())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers")
        .extracting(e -> ((ConfigException) e).key()).isEqualTo("bootstrap.servers");
    assertThatThrownBy(() -> KafkaSource.<String, String>builder().bootstrapServers("h:1")
        .valueCoder(KafkaCoders.UTF8).buildValues())
        .isInstanceOf(ConfigException.class).hasMessageContaining("topics");
    assertThatThrownBy(() -> KafkaSource.<String, String>builder().bootstrapServers("h:1")
        .topics("t").valueCoder(KafkaCoders.UTF8).build())
        .isInstanceOf(ConfigException.class).hasMessageContaining("keyCoder");
    assertThatThrownBy(() -> KafkaSource.values("h:1", "t", null))
        .isInstanceOf(NullPointerException.class);
    assertThat(KafkaSource.values("h:1", "t", KafkaCoders.UTF8).isBounded()).isFalse();
  }
}
