package dev.weir.runner.distributed.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The format of every message kind is pinned by a golden file: today's encoder writes exactly
 * its bytes, today's decoder reads them back to the sample, and a plain Avro reader given the
 * schema copy reads them too. A failure here means the wire format changed: bump
 * {@link ProtocolCodec#FORMAT_VERSION} (or keep the change compatible) and write the new
 * version's files with {@code -Dweir.golden.write=true}, run from the module directory.
 */
class ProtocolGoldenFileTest {


  @BeforeAll
  static void writeGoldenFilesIfAsked() throws IOException {
    if (Boolean.getBoolean("weir.golden.write")) {
      GoldenMessages.write();
    }
  }

  @Test
  void everyKindEncodesToItsGoldenBytes() throws IOException {
    Map<String, byte[]> encoded = GoldenMessages.encoded();
    assertThat(encoded).hasSize(2 + 8 + 7 + 1 + 4 + 2);
    for (Map.Entry<String, byte[]> e : encoded.entrySet()) {
      assertThat(e.getValue()).as("encoding of %s", e.getKey())
          .isEqualTo(resource(e.getKey() + ".bin"));
    }
  }

  @Test
  void everyGoldenFileDecodesToItsSample() throws IOException {
    assertThat(ProtocolCodec.decodeJobDefinition(resource("jobs-definition.bin")))
        .isEqualTo(ProtocolSamples.jobDefinition());
    assertThat(ProtocolCodec.decodeJobStatus(resource("status-status.bin")))
        .isEqualTo(ProtocolSamples.jobStatus());
    assertThat(ProtocolCodec.decodeCompletedCheckpoint(resource("checkpoints-completed.bin")))
        .isEqualTo(ProtocolSamples.completedCheckpoint());
    assertThat(ProtocolCodec.decodeJarHeader(resource("jars-header.bin")))
        .isEqualTo(ProtocolSamples.jarHeader());
    assertThat(ProtocolCodec.decodeJarChunk(resource("jars-chunk.bin")))
        .isEqualTo(ProtocolSamples.jarChunk());
    for (Map.Entry<String, JobRequest> e : ProtocolSamples.jobRequests().entrySet()) {
      assertThat(ProtocolCodec.decodeJobRequest(resource("requests-" + e.getKey() + ".bin")))
          .isEqualTo(e.getValue());
    }
    for (Map.Entry<String, ControlMessage> e : ProtocolSamples.controlMessages().entrySet()) {
      assertThat(ProtocolCodec.decodeControlMessage(resource("control-" + e.getKey() + ".bin")))
          .isEqualTo(e.getValue());
    }
    for (Map.Entry<String, TaskReport> e : ProtocolSamples.taskReports().entrySet()) {
      assertThat(ProtocolCodec.decodeTaskReport(resource("reports-" + e.getKey() + ".bin")))
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void schemasAreTheGoldenCopies() throws IOException {
    assertThat(ProtocolCodec.jobDefinitionSchema()).isEqualTo(goldenSchema("job-definition.avsc"));
    assertThat(ProtocolCodec.jobStatusSchema()).isEqualTo(goldenSchema("job-status.avsc"));
    assertThat(ProtocolCodec.controlMessageSchema())
        .isEqualTo(goldenSchema("control-message.avsc"));
    assertThat(ProtocolCodec.taskReportSchema()).isEqualTo(goldenSchema("task-report.avsc"));
    assertThat(ProtocolCodec.completedCheckpointSchema())
        .isEqualTo(goldenSchema("completed-checkpoint.avsc"));
    assertThat(ProtocolCodec.jobRequestSchema()).isEqualTo(goldenSchema("job-request.avsc"));
    assertThat(ProtocolCodec.jarHeaderSchema()).isEqualTo(goldenSchema("jar-header.avsc"));
    assertThat(ProtocolCodec.jarChunkSchema()).isEqualTo(goldenSchema("jar-chunk.avsc"));
    assertThat(ProtocolCodec.controlMessageSchema().getNamespace())
        .isEqualTo("dev.weir.distributed");
  }

  /**
   * {@code jobs-definition-without-jar.bin} is the golden job definition as Weir wrote it
   * before jobs named a jar (kept as it was, never rewritten): it still decodes, with no jar.
   */
  @Test
  void aJobDefinitionWrittenBeforeJarSubmissionDecodesWithoutAJar() throws IOException {
    JobDefinition old = ProtocolCodec.decodeJobDefinition(
        resource("jobs-definition-without-jar.bin"));
    assertThat(old).isEqualTo(ProtocolSamples.jobDefinitionWithoutJar());
    assertThat(old.hasJar()).isFalse();
    assertThat(ProtocolCodec.decodeJobDefinition(resource("jobs-definition.bin")).jarSha256())
        .isEqualTo(ProtocolSamples.JAR_SHA);
  }

  /**
   * {@code status-status-without-subtasks.bin} and {@code reports-metrics-without-rates.bin}
   * are the golden status and metrics report as Weir wrote them before statuses carried
   * subtask states and reports carried rates (kept as they were, never rewritten): they still
   * decode, without subtasks, rates or backpressure.
   */
  @Test
  void aStatusAndAMetricsReportWrittenBeforeRatesDecodeWithoutThem() throws IOException {
    JobStatus old = ProtocolCodec.decodeJobStatus(resource("status-status-without-subtasks.bin"));
    assertThat(old).isEqualTo(ProtocolSamples.jobStatusWithoutSubtasks());
    assertThat(old.subtasks()).isEmpty();
    assertThat(old.steps()).hasSize(2);
    TaskReport report = ProtocolCodec.decodeTaskReport(
        resource("reports-metrics-without-rates.bin"));
    assertThat(report).isEqualTo(ProtocolSamples.metricsWithoutRates());
    assertThat(((TaskReport.Metrics) report).rates()).isEmpty();
    assertThat(((TaskReport.Metrics) report).backpressureRatio()).isZero();
    assertThat(ProtocolCodec.decodeJobStatus(resource("status-status.bin")).subtasks())
        .extracting(SubtaskState::backpressureRatio).containsExactly(0.875, 0.0);
  }

  /**
   * {@code checkpoints-completed-without-trigger.bin} is the golden completed checkpoint as
   * Weir wrote it before the record carried its trigger and savepoint mark (kept as it was):
   * it still decodes, as an INTERVAL checkpoint that is no savepoint.
   */
  @Test
  void aCompletedCheckpointWrittenBeforeItsTriggerDecodesAsAnIntervalCheckpoint()
      throws IOException {
    CompletedCheckpoint old = ProtocolCodec.decodeCompletedCheckpoint(
        resource("checkpoints-completed-without-trigger.bin"));
    assertThat(old).isEqualTo(ProtocolSamples.completedCheckpointWithoutTrigger());
    assertThat(old.metrics().trigger()).isEqualTo(dev.weir.sdk.CheckpointTrigger.INTERVAL);
    assertThat(old.metrics().savepoint()).isFalse();
    assertThat(ProtocolCodec.decodeCompletedCheckpoint(resource("checkpoints-completed.bin"))
        .metrics().savepoint()).isTrue();
  }

  @Test
  void aPlainAvroReaderWithTheSchemaCopyReadsEveryGoldenFile() throws IOException {
    for (String stem : GoldenMessages.encoded().keySet()) {
      Schema schema = goldenSchema(GoldenMessages.schemaFile(stem));
      String json = GoldenMessages.json(schema, resource(stem + ".bin"));
      assertThat(json).as("Avro JSON of %s", stem)
          .isEqualTo(new String(resource(stem + ".json"), StandardCharsets.UTF_8));
    }
    assertThat(new String(resource("reports-ack.json"), StandardCharsets.UTF_8))
        .contains("\"location\" : \"cq:19724:3\"")
        .contains("\"dev.weir.distributed.Ack\"");
  }

  private static Schema goldenSchema(String file) throws IOException {
    return new Schema.Parser().parse(new String(resource(file), StandardCharsets.UTF_8));
  }

  private static byte[] resource(String file) throws IOException {
    try (InputStream in = ProtocolGoldenFileTest.class.getResourceAsStream(
        GoldenMessages.DIR + file)) {
      assertThat(in).as("golden file %s%s (write it with -Dweir.golden.write=true)",
          GoldenMessages.DIR, file).isNotNull();
      return in.readAllBytes();
    }
  }
}
