package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.internal.sink.KafkaCommittable;
import dev.weir.io.kafka.internal.sink.KafkaCommittableCoder;
import dev.weir.io.kafka.internal.sink.StagedRecord;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Types;
import dev.weir.testing.TestSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka sink's writers against a real broker: what a {@code read_committed} consumer sees
 * around commits, restores and zombies. The crash tests of whole pipelines are in
 * {@link KafkaSinkCrashTest}.
 */
class KafkaSinkTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static KafkaSink<String> sink(String topic, KafkaSink.Guarantee guarantee) {
    return KafkaSink.<String>builder(KAFKA.bootstrapServers(), topic)
        .key(s -> utf8(s.substring(0, s.indexOf('='))))
        .value(s -> utf8(s.substring(s.indexOf('=') + 1)))
        .guarantee(guarantee)
        .timeout(Duration.ofSeconds(20))
        .createTopicIfMissing(3)
        .build();
  }

  static SinkContext context(String job, int attempt) {
    return new SinkContext() {
      @Override public String jobName() { return job; }
      @Override public String stepName() { return "out"; }
      @Override public int subtaskIndex() { return 0; }
      @Override public int parallelism() { return 1; }
      @Override public int attempt() { return attempt; }
    };
  }

  @SuppressWarnings("unchecked")
  static SinkWriter<String, KafkaCommittable> writer(String topic, String job, int attempt) {
    return (SinkWriter<String, KafkaCommittable>) sink(topic, KafkaSink.Guarantee.EXACTLY_ONCE)
        .createWriter(context(job, attempt));
  }

  @Test
  void recordsBecomeVisibleOnlyWhenTheirCheckpointCommits() throws Exception {
    String topic = "visible-on-commit";
    try (SinkWriter<String, KafkaCommittable> w = writer(topic, "j1", 0)) {
      w.open(List.of());
      w.write("a=1", System.currentTimeMillis());
      w.write("b=1", Long.MIN_VALUE);
      KafkaCommittable c = w.prepareCommit(1);
      assertThat(c.records()).hasSize(2);
      w.write("a=2", System.currentTimeMillis());
      assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic)).isEmpty();
      w.commit(c);
      assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic))
          .containsExactlyInAnyOrder("a=1", "b=1");
      w.commit(w.prepareCommit(2));
      assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic))
          .containsExactlyInAnyOrder("a=1", "b=1", "a=2");
      assertThat(w.prepareCommit(3)).as("nothing staged, nothing to commit").isNull();
    }
  }

  @Test
  void aCommittableRestoredAfterACrashBeforeItsCommitIsWrittenOnce() throws Exception {
    String topic = "crash-before-commit";
    KafkaCommittable prepared;
    SinkWriter<String, KafkaCommittable> first = writer(topic, "j2", 0);
    first.open(List.of());
    first.write("x=1", Long.MIN_VALUE);
    first.write("y=1", Long.MIN_VALUE);
    prepared = first.prepareCommit(7);
    // the process dies here: checkpoint 7 is complete, its commit never ran
    first.abort();

    try (SinkWriter<String, KafkaCommittable> second = writer(topic, "j2", 1)) {
      KafkaCommittable restored = KafkaCommittableCoder.INSTANCE.decode(
          KafkaCommittableCoder.INSTANCE.encode(prepared));
      second.open(List.of(restored));
      second.commit(restored);
      second.commit(restored); // idempotent
    }
    first.close();
    try (SinkWriter<String, KafkaCommittable> third = writer(topic, "j2", 2)) {
      third.open(List.of(prepared));
      third.commit(prepared); // a later restore of the same checkpoint
    }
    assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic)).containsExactlyInAnyOrder("x=1", "y=1");
  }

  @Test
  void aCommittableThatCommittedBeforeTheCrashIsNotWrittenAgain() throws Exception {
    String topic = "crash-after-commit";
    KafkaCommittable c1;
    KafkaCommittable c2;
    try (SinkWriter<String, KafkaCommittable> first = writer(topic, "j3", 0)) {
      first.open(List.of());
      first.write("x=1", Long.MIN_VALUE);
      c1 = first.prepareCommit(1);
      first.commit(c1);
      first.write("x=2", Long.MIN_VALUE);
      c2 = first.prepareCommit(2);
      first.commit(c2);
    }
    try (SinkWriter<String, KafkaCommittable> second = writer(topic, "j3", 1)) {
      second.open(List.of(c1, c2));
      second.commit(c1);
      second.commit(c2);
    }
    assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic)).containsExactly("x=1", "x=2");
  }

  @Test
  void aCommittableOfASubtaskThatNoLongerExistsIsWrittenUnderItsOwnTransactionalId() throws Exception {
    String topic = "rescaled-down";
    // Subtask 1 of 2 prepared checkpoint 3 and crashed; the job comes back with one subtask.
    SinkContext oldSubtask1 = new SinkContext() {
      @Override public String jobName() { return "j7"; }
      @Override public String stepName() { return "out"; }
      @Override public int subtaskIndex() { return 1; }
      @Override public int parallelism() { return 2; }
      @Override public int attempt() { return 0; }
    };
    @SuppressWarnings("unchecked")
    SinkWriter<String, KafkaCommittable> old = (SinkWriter<String, KafkaCommittable>)
        sink(topic, KafkaSink.Guarantee.EXACTLY_ONCE).createWriter(oldSubtask1);
    old.open(List.of());
    old.write("q=1", Long.MIN_VALUE);
    KafkaCommittable orphan = old.prepareCommit(3);
    assertThat(orphan.transactionalId()).isEqualTo("weir-j7-out-1");
    try (SinkWriter<String, KafkaCommittable> only = writer(topic, "j7", 1)) {
      only.open(List.of(orphan));
      only.commit(orphan);
      only.commit(orphan);
    }
    old.close();
    assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic)).containsExactly("q=1");
  }

  @Test
  void aNewAttemptFencesTheZombieOfTheOldOne() throws Exception {
    String topic = "zombie";
    SinkWriter<String, KafkaCommittable> zombie = writer(topic, "j4", 0);
    zombie.open(List.of());
    zombie.write("z=1", Long.MIN_VALUE);
    KafkaCommittable late = zombie.prepareCommit(1);
    try (SinkWriter<String, KafkaCommittable> fresh = writer(topic, "j4", 1)) {
      fresh.open(List.of());
      assertThatThrownBy(() -> zombie.commit(late))
          .hasMessageContaining("transactional id 'weir-j4-out-0'")
          .hasMessageContaining("prefix");
      fresh.write("f=1", Long.MIN_VALUE);
      fresh.commit(fresh.prepareCommit(2));
    } finally {
      zombie.close();
    }
    assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic)).containsExactly("f=1");
  }

  @Test
  void committablesAreAvroThatStandardToolsRead(@TempDir java.nio.file.Path dir) throws Exception {
    KafkaCommittable c = new KafkaCommittable("weir-j-out-0", "w", 5, List.of(
        new StagedRecord(null, utf8("v"), 9L), new StagedRecord(utf8("k"), utf8("w"), Long.MIN_VALUE)),
        "out");
    java.nio.file.Path file = dir.resolve("c.avro");
    // Write with the coder's schema through Avro's own file writer, read back generically.
    try (DataFileWriter<KafkaCommittable> out = new DataFileWriter<>(coderWriter())) {
      out.create(KafkaCommittableCoder.INSTANCE.schema(), file.toFile());
      out.append(c);
    }
    try (DataFileReader<GenericRecord> in = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
      GenericRecord r = in.next();
      assertThat(r.get("checkpointId")).isEqualTo(5L);
      assertThat((List<?>) r.get("records")).hasSize(2);
      assertThat(r.get("topic")).hasToString("out");
    }
  }

  /**
   * A committable of a checkpoint written before committables named their topic decodes through
   * Avro's schema resolution with no topic: the restoring sink commits it to its own topic.
   */
  @Test
  void aCommittableWithoutTopicFromAnOlderCheckpointDecodes() throws Exception {
    org.apache.avro.Schema now = KafkaCommittableCoder.INSTANCE.schema();
    org.apache.avro.Schema old = org.apache.avro.SchemaBuilder.record("KafkaCommittable")
        .namespace("dev.weir.kafka").fields().requiredString("transactionalId")
        .requiredString("writerId").requiredLong("checkpointId")
        .name("records").type().array().items(now.getField("records").schema().getElementType())
        .noDefault().endRecord();
    GenericRecord r = new org.apache.avro.generic.GenericData.Record(old);
    r.put("transactionalId", "weir-j-out-0");
    r.put("writerId", "w");
    r.put("checkpointId", 7L);
    r.put("records", List.of());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder enc = org.apache.avro.io.EncoderFactory.get()
        .binaryEncoder(bytes, null);
    new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(old).write(r, enc);
    enc.flush();
    org.apache.avro.io.ResolvingDecoder in = org.apache.avro.io.DecoderFactory.get()
        .resolvingDecoder(old, now, org.apache.avro.io.DecoderFactory.get()
            .binaryDecoder(bytes.toByteArray(), null));
    KafkaCommittable c = KafkaCommittableCoder.INSTANCE.decode(in);
    assertThat(c.checkpointId()).isEqualTo(7L);
    assertThat(c.topic()).isNull();
    assertThat(c.topicOr("sink-topic")).isEqualTo("sink-topic");
  }

  private static DatumWriter<KafkaCommittable> coderWriter() {
    return new DatumWriter<>() {
      @Override public void setSchema(org.apache.avro.Schema schema) { }
      @Override public void write(KafkaCommittable datum, org.apache.avro.io.Encoder out)
          throws java.io.IOException {
        KafkaCommittableCoder.INSTANCE.encode(datum, out);
      }
    };
  }

  @Test
  void aPipelineWritesEveryRecordOnceWithCheckpoints() {
    String topic = "pipeline-exactly-once";
    List<String> values = IntStream.range(0, 5_000).mapToObj(i -> "k" + (i % 7) + "=" + i).toList();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("eo-pipeline")
        .withParallelism(2).withCheckpointInterval(Duration.ofMillis(20)));
    p.read("in", TestSource.fromList(Types.STRING, values))
        .write("out", sink(topic, KafkaSink.Guarantee.EXACTLY_ONCE));
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build().run(p);
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic))
        .containsExactlyInAnyOrderElementsOf(values);
  }

  @Test
  void atLeastOnceWritesRightAwayAndEverythingArrives() {
    String topic = "pipeline-at-least-once";
    List<String> values = IntStream.range(0, 2_000).mapToObj(i -> "k=" + i).toList();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("alo-pipeline")
        .withParallelism(1));
    p.read("in", TestSource.fromList(Types.STRING, values))
        .write("out", sink(topic, KafkaSink.Guarantee.AT_LEAST_ONCE));
    PipelineResult r = LocalRunner.builder().build().run(p);
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic, "read_uncommitted"))
        .containsExactlyElementsOf(values);
  }

  @Test
  void aMissingTopicIsAClearErrorUnlessTheSinkMayCreateIt() throws Exception {
    KafkaSink<String> strict = KafkaSink.<String>builder(KAFKA.bootstrapServers(), "no-such-topic")
        .value(KafkaSinkTest::utf8).timeout(Duration.ofSeconds(10)).build();
    try (SinkWriter<String, ?> w = strict.createWriter(context("j5", 0))) {
      assertThatThrownBy(() -> w.open(List.of()))
          .hasMessageContaining("topic 'no-such-topic' does not exist")
          .hasMessageContaining("createTopicIfMissing");
    }
  }

  @Test
  void latestPerKeyWritesTheLastRecordOfEachKeyPerCheckpoint() throws Exception {
    String topic = "latest-per-key";
    KafkaSink<String> sink = KafkaSink.<String>builder(KAFKA.bootstrapServers(), topic)
        .key(s -> utf8(s.substring(0, s.indexOf('='))))
        .value(s -> utf8(s.substring(s.indexOf('=') + 1)))
        .latestPerKey().createTopicIfMissing(1).build();
    @SuppressWarnings("unchecked")
    SinkWriter<String, KafkaCommittable> w =
        (SinkWriter<String, KafkaCommittable>) sink.createWriter(context("j6", 0));
    try (w) {
      w.open(List.of());
      for (String s : List.of("a=1", "b=1", "a=2", "a=3", "c=1", "b=2")) {
        w.write(s, Long.MIN_VALUE);
      }
      KafkaCommittable c = w.prepareCommit(1);
      assertThat(c.records()).hasSize(3);
      w.commit(c);
      w.write("a=4", Long.MIN_VALUE);
      w.commit(w.prepareCommit(2));
    }
    assertThat(CommittedRecords.read(KAFKA.clientProperties(), topic))
        .containsExactly("a=3", "b=2", "c=1", "a=4");
    assertThatThrownBy(() -> KafkaSink.<String>builder("h:1", "t").value(KafkaSinkTest::utf8)
        .latestPerKey().guarantee(KafkaSink.Guarantee.AT_LEAST_ONCE).build())
        .hasMessageContaining("exactly-once");
  }

  @Test
  void aMissingValueFunctionIsAClearError() {
    assertThatThrownBy(() -> KafkaSink.<String>builder("localhost:1", "t").build())
        .hasMessageContaining("topic 't'").hasMessageContaining(".value(");
    assertThatThrownBy(() -> KafkaSink.<String>builder(" ", "t"))
        .hasMessageContaining("bootstrap servers");
  }
}
