package dev.weir.runner.distributed.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are not a valid message throw {@link MalformedMessageException} naming what was
 * being decoded and why; decoding never returns null nor throws anything else.
 */
class ProtocolCodecMalformedInputTest {


  /** A decoder of each kind, with the words its errors name, and a valid encoding. */
  private record Kind(String name, Function<byte[], Object> decode, byte[] valid) {}

  private List<Kind> kinds() {
    return List.of(
        new Kind("job definition", ProtocolCodec::decodeJobDefinition,
            ProtocolCodec.encode(ProtocolSamples.jobDefinition())),
        new Kind("job status", ProtocolCodec::decodeJobStatus, ProtocolCodec.encode(ProtocolSamples.jobStatus())),
        new Kind("control message", ProtocolCodec::decodeControlMessage,
            ProtocolCodec.encode(ProtocolSamples.controlMessages().get("start"))),
        new Kind("task report", ProtocolCodec::decodeTaskReport,
            ProtocolCodec.encode(ProtocolSamples.taskReports().get("ack"))),
        new Kind("completed checkpoint", ProtocolCodec::decodeCompletedCheckpoint,
            ProtocolCodec.encode(ProtocolSamples.completedCheckpoint())),
        new Kind("job request", ProtocolCodec::decodeJobRequest,
            ProtocolCodec.encode(ProtocolSamples.jobRequests().get("savepoint"))),
        new Kind("jar header", ProtocolCodec::decodeJarHeader,
            ProtocolCodec.encode(ProtocolSamples.jarHeader())),
        new Kind("jar chunk", ProtocolCodec::decodeJarChunk,
            ProtocolCodec.encode(ProtocolSamples.jarChunk())));
  }

  @Test
  void emptyAndNullBytesAreRejected() {
    for (Kind kind : kinds()) {
      assertThatThrownBy(() -> kind.decode().apply(new byte[0]))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageContaining(kind.name()).hasMessageContaining("empty");
      assertThatThrownBy(() -> kind.decode().apply(null))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageContaining(kind.name()).hasMessageContaining("null");
    }
  }

  @Test
  void anotherFormatVersionIsRejected() {
    for (Kind kind : kinds()) {
      for (int version : new int[] {0, 2, 0xFF}) {
        byte[] bytes = kind.valid().clone();
        bytes[0] = (byte) version;
        assertThatThrownBy(() -> kind.decode().apply(bytes))
            .isInstanceOf(MalformedMessageException.class)
            .hasMessageContaining(kind.name())
            .hasMessageContaining("format version " + version + " is not 1");
      }
    }
  }

  @Test
  void everyTruncationIsRejected() {
    for (Kind kind : kinds()) {
      for (int length = 1; length < kind.valid().length; length++) {
        byte[] prefix = Arrays.copyOf(kind.valid(), length);
        if (Arrays.equals(prefix, earlierForm(kind))) {
          continue; // a complete message of the kind's earlier schema: decodes (tested below)
        }
        assertThatThrownBy(() -> kind.decode().apply(prefix))
            .as("%s cut to %d of %d bytes", kind.name(), length, kind.valid().length)
            .isInstanceOf(MalformedMessageException.class)
            .hasMessageContaining(kind.name());
      }
    }
  }

  /** The valid message of a kind that gained fields, as its earlier schema wrote it. */
  private static byte[] earlierForm(Kind kind) {
    return switch (kind.name()) {
      case "job definition" -> withoutJarBytes();
      case "job status" -> earlierBytes(JobRecords.STATUS_WITHOUT_SUBTASKS,
          JobRecords.toRecord(ProtocolSamples.jobStatus()));
      case "completed checkpoint" -> earlierBytes(CheckpointRecords.WITHOUT_TRIGGER,
          CheckpointRecords.toRecord(ProtocolSamples.completedCheckpoint()));
      default -> null;
    };
  }

  /** The sample job definition in the earlier schema (no jarSha256), as the old codec wrote it. */
  private static byte[] withoutJarBytes() {
    return earlierBytes(JobRecords.DEFINITION_WITHOUT_JAR,
        JobRecords.toRecord(ProtocolSamples.jobDefinition()));
  }

  /** {@code current}'s top-level fields that {@code earlier} has, written as {@code earlier}. */
  private static byte[] earlierBytes(Schema earlier, GenericRecord current) {
    try {
      GenericRecord r = new GenericData.Record(earlier);
      for (Schema.Field f : earlier.getFields()) {
        r.put(f.name(), current.get(f.name()));
      }
      return writeVersioned(earlier, r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theCurrentStatusCutBeforeItsSubtasksIsTheEarlierFormAndDecodesWithoutThem() {
    byte[] valid = ProtocolCodec.encode(ProtocolSamples.jobStatus());
    byte[] earlier = earlierBytes(JobRecords.STATUS_WITHOUT_SUBTASKS,
        JobRecords.toRecord(ProtocolSamples.jobStatus()));
    assertThat(Arrays.copyOf(valid, earlier.length)).isEqualTo(earlier);
    assertThat(ProtocolCodec.decodeJobStatus(earlier))
        .isEqualTo(ProtocolSamples.jobStatusWithoutSubtasks());
  }

  @Test
  void aMetricsReportCutBeforeItsRatesDecodesWithoutRatesAndAnyOtherCutIsRejected() {
    byte[] valid = ProtocolCodec.encode(ProtocolSamples.taskReports().get("metrics"));
    byte[] earlier = ProtocolCodec.encode(ProtocolSamples.metricsWithoutRates());
    // The earlier form is the current one cut before its rates, except that the current
    // writer writes empty rates and a zero ratio: cut those 9 bytes off.
    assertThat(Arrays.copyOf(earlier, earlier.length - 9))
        .isEqualTo(Arrays.copyOf(valid, earlier.length - 9));
    for (int length = 1; length < valid.length; length++) {
      byte[] prefix = Arrays.copyOf(valid, length);
      if (length == earlier.length - 9) {
        assertThat(ProtocolCodec.decodeTaskReport(prefix))
            .isEqualTo(ProtocolSamples.metricsWithoutRates());
        continue;
      }
      assertThatThrownBy(() -> ProtocolCodec.decodeTaskReport(prefix))
          .as("metrics cut to %d of %d bytes", length, valid.length)
          .isInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void theCurrentJobDefinitionCutBeforeItsJarIsTheEarlierFormAndDecodesWithoutAJar() {
    byte[] valid = ProtocolCodec.encode(ProtocolSamples.jobDefinition());
    byte[] earlier = withoutJarBytes();
    assertThat(Arrays.copyOf(valid, earlier.length)).isEqualTo(earlier);
    JobDefinition d = ProtocolCodec.decodeJobDefinition(earlier);
    assertThat(d.jarSha256()).isEmpty();
    assertThat(d.jobId()).isEqualTo(ProtocolSamples.jobDefinition().jobId());
  }

  @Test
  void trailingBytesAreRejected() {
    for (Kind kind : kinds()) {
      byte[] longer = Arrays.copyOf(kind.valid(), kind.valid().length + 1);
      assertThatThrownBy(() -> kind.decode().apply(longer))
          .isInstanceOf(MalformedMessageException.class)
          .hasMessageContaining(kind.name()).hasMessageContaining("bytes follow the end");
    }
  }

  @Test
  void aHugeCollectionCountFailsAtTheEndOfTheBytesInsteadOfAllocating() throws IOException {
    // A task report whose snapshot claims ~1.9 billion parts, then ends.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ProtocolCodec.FORMAT_VERSION);
    BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
    e.writeLong(1);            // epoch
    e.writeString("count");    // task.chain
    e.writeInt(0);             // task.subtask
    e.writeIndex(0);           // Ack
    e.writeLong(5);            // checkpointId
    e.writeLong(1_900_000_000L); // parts: block count
    e.flush();
    assertThatThrownBy(() -> ProtocolCodec.decodeTaskReport(out.toByteArray()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("task report").hasMessageContaining("truncated or garbage");
  }

  @Test
  void anUnknownUnionBranchIsRejected() {
    byte[] bytes = {ProtocolCodec.FORMAT_VERSION, 2 /* epoch 1 */, 14 /* branch 7 */};
    assertThatThrownBy(() -> ProtocolCodec.decodeControlMessage(bytes))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("control message");
  }

  @Test
  void wellFormedAvroBreakingAFieldRuleIsRejectedNamingTheField() throws IOException {
    Schema schema = ProtocolCodec.controlMessageSchema();
    Schema trigger = schema.getField("message").schema().getTypes().get(1);
    GenericRecord body = new GenericData.Record(trigger);
    body.put("checkpointId", 0L);
    body.put("timestamp", 5L);
    GenericRecord r = new GenericData.Record(schema);
    r.put("epoch", 3L);
    r.put("message", body);
    byte[] bytes = writeVersioned(schema, r);
    assertThatThrownBy(() -> ProtocolCodec.decodeControlMessage(bytes))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("control message")
        .hasMessageContaining("checkpointId of TRIGGER of epoch 3 must be at least 1");
  }

  @Test
  void randomGarbageDecodesToAMessageOrThrowsMalformedMessageException() {
    Random random = new Random(20261204L);
    int rejected = 0;
    int tries = 0;
    for (Kind kind : kinds()) {
      for (int i = 0; i < 2_000; i++) {
        byte[] garbage = new byte[1 + random.nextInt(64)];
        random.nextBytes(garbage);
        garbage[0] = ProtocolCodec.FORMAT_VERSION;
        tries++;
        try {
          assertThat(kind.decode().apply(garbage)).isNotNull();
        } catch (MalformedMessageException e) {
          assertThat(e).hasMessageContaining(kind.name());
          rejected++;
        }
      }
    }
    assertThat(rejected).as("garbage rejected").isGreaterThan(tries * 9 / 10);
  }

  @Test
  void aValueOfAnotherTopicIsRejected() {
    byte[] status = ProtocolCodec.encode(ProtocolSamples.jobStatus());
    List<Throwable> errors = new ArrayList<>();
    for (Function<byte[], Object> decode : List.<Function<byte[], Object>>of(
        ProtocolCodec::decodeJobDefinition, ProtocolCodec::decodeControlMessage, ProtocolCodec::decodeTaskReport)) {
      try {
        decode.apply(status);
      } catch (MalformedMessageException e) {
        errors.add(e);
      }
    }
    assertThat(errors).hasSize(3);
  }

  private static byte[] writeVersioned(Schema schema, GenericRecord r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ProtocolCodec.FORMAT_VERSION);
    BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(r, e);
    e.flush();
    return out.toByteArray();
  }
}
