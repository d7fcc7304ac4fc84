package dev.weir.runner.distributed.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

/**
 * The golden files of the current format version: for each sample message
 * ({@link ProtocolSamples}), {@code <topic>-<kind>.bin} (the encoded value) and
 * {@code <topic>-<kind>.json} (its Avro JSON, read with a plain Avro reader), plus a copy of
 * each schema. {@link #write} puts them into the source tree; {@code ProtocolGoldenFileTest}
 * calls it when run with {@code -Dweir.golden.write=true} from the module directory.
 */
final class GoldenMessages {

  /** Classpath directory of the current version's golden files. */
  static final String DIR = "golden/v" + ProtocolCodec.FORMAT_VERSION + "/";

  private GoldenMessages() {}

  /** The encoded sample of every kind, by file stem, e.g. {@code control-start}. */
  static Map<String, byte[]> encoded() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("jobs-definition", ProtocolCodec.encode(ProtocolSamples.jobDefinition()));
    files.put("status-status", ProtocolCodec.encode(ProtocolSamples.jobStatus()));
    ProtocolSamples.controlMessages().forEach((k, m) -> files.put("control-" + k, ProtocolCodec.encode(m)));
    ProtocolSamples.taskReports().forEach((k, r) -> files.put("reports-" + k, ProtocolCodec.encode(r)));
    files.put("checkpoints-completed", ProtocolCodec.encode(ProtocolSamples.completedCheckpoint()));
    ProtocolSamples.jobRequests().forEach((k, r) -> files.put("requests-" + k, ProtocolCodec.encode(r)));
    files.put("jars-header", ProtocolCodec.encode(ProtocolSamples.jarHeader()));
    files.put("jars-chunk", ProtocolCodec.encode(ProtocolSamples.jarChunk()));
    return files;
  }

  /** The schema of the golden file named by {@code stem}. */
  static String schemaFile(String stem) {
    return switch (stem.substring(0, stem.indexOf('-'))) {
      case "jobs" -> "job-definition.avsc";
      case "status" -> "job-status.avsc";
      case "control" -> "control-message.avsc";
      case "reports" -> "task-report.avsc";
      case "checkpoints" -> "completed-checkpoint.avsc";
      case "requests" -> "job-request.avsc";
      case "jars" -> stem.endsWith("header") ? "jar-header.avsc" : "jar-chunk.avsc";
      default -> throw new IllegalArgumentException("no topic kind in golden file " + stem);
    };
  }

  /**
   * The value's body (the bytes after the version byte) read with a plain Avro reader of
   * {@code schema}, as pretty Avro JSON: what {@code avro-tools fragtojson} shows.
   */
  static String json(Schema schema, byte[] value) {
    try {
      byte[] body = Arrays.copyOfRange(value, 1, value.length);
      GenericRecord record = new GenericDatumReader<GenericRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(body, null));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out, true);
      new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
      return out.toString(StandardCharsets.UTF_8) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a golden value as " + schema.getFullName(), e);
    }
  }

  /** Writes the golden files under {@code src/test/resources} of the module directory. */
  static void write() throws IOException {
    Path dir = Path.of("src/test/resources/dev/weir/runner/distributed/internal/protocol", DIR);
    Files.createDirectories(dir);
    for (Schema schema : new Schema[] {ProtocolCodec.jobDefinitionSchema(),
        ProtocolCodec.jobStatusSchema(), ProtocolCodec.controlMessageSchema(),
        ProtocolCodec.taskReportSchema(), ProtocolCodec.completedCheckpointSchema(),
        ProtocolCodec.jobRequestSchema(), ProtocolCodec.jarHeaderSchema(),
        ProtocolCodec.jarChunkSchema()}) {
      Files.writeString(dir.resolve(fileOf(schema)),
          SchemaFormatter.format("json/pretty", schema) + "\n");
    }
    for (Map.Entry<String, byte[]> e : encoded().entrySet()) {
      Files.write(dir.resolve(e.getKey() + ".bin"), e.getValue());
      Schema schema = schemaOf(e.getKey());
      Files.writeString(dir.resolve(e.getKey() + ".json"), json(schema, e.getValue()));
    }
  }

  private static Schema schemaOf(String stem) {
    return switch (schemaFile(stem)) {
      case "job-definition.avsc" -> ProtocolCodec.jobDefinitionSchema();
      case "job-status.avsc" -> ProtocolCodec.jobStatusSchema();
      case "control-message.avsc" -> ProtocolCodec.controlMessageSchema();
      case "completed-checkpoint.avsc" -> ProtocolCodec.completedCheckpointSchema();
      case "job-request.avsc" -> ProtocolCodec.jobRequestSchema();
      case "jar-header.avsc" -> ProtocolCodec.jarHeaderSchema();
      case "jar-chunk.avsc" -> ProtocolCodec.jarChunkSchema();
      default -> ProtocolCodec.taskReportSchema();
    };
  }

  private static String fileOf(Schema schema) {
    return switch (schema.getName()) {
      case "JobDefinition" -> "job-definition.avsc";
      case "JobStatus" -> "job-status.avsc";
      case "ControlMessage" -> "control-message.avsc";
      case "CompletedCheckpoint" -> "completed-checkpoint.avsc";
      case "JobRequest" -> "job-request.avsc";
      case "JarHeader" -> "jar-header.avsc";
      case "JarChunk" -> "jar-chunk.avsc";
      default -> "task-report.avsc";
    };
  }
}
