package dev.weir.sdk.spi;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Encodes a {@link CheckpointManifest} as an Avro object container file holding exactly one
 * record of schema {@code dev.weir.checkpoint.CheckpointManifest} ({@code manifest.avsc}).
 *
 * <p>The container carries its writer schema, so any Avro tool reads a stored manifest
 * ({@code avro-tools tojson}), and {@link #decode} reads manifests written with an older schema
 * by resolving it against the current one. Encoding is deterministic: the container's sync
 * marker is fixed, so equal manifests give equal bytes. Generic records only, no generated
 * classes: the public records stay independent of the schema's evolution.
 */
public final class CheckpointManifestFormat {

  /** Classpath location of the schema. */
  public static final String SCHEMA_RESOURCE = "/dev/weir/checkpoint/manifest.avsc";

  /** Container metadata key naming what the file holds. */
  public static final String FORMAT_META_KEY = "weir.format";

  /** Value of {@link #FORMAT_META_KEY}. */
  public static final String FORMAT_META_VALUE = "checkpoint-manifest";

  private static final byte[] SYNC = "weir-manifest-v1".getBytes(StandardCharsets.US_ASCII);
  private static final Schema SCHEMA = loadSchema();
  private static final Schema STEP = SCHEMA.getField("steps").schema().getElementType();
  private static final Schema KEYED = STEP.getField("keyed").schema().getElementType();
  private static final Schema OPERATOR = STEP.getField("operatorState").schema().getElementType();
  private static final Schema HANDLE = KEYED.getField("full").schema();

  private CheckpointManifestFormat() {}

  /** The current manifest schema. */
  public static Schema schema() {
    return SCHEMA;
  }

  /** Encodes {@code manifest} as a one-record Avro container. */
  public static byte[] encode(CheckpointManifest manifest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try {
      encode(manifest, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a byte array cannot fail", e);
    }
    return out.toByteArray();
  }

  /** Writes {@code manifest} as a one-record Avro container to {@code out} (left open). */
  public static void encode(CheckpointManifest manifest, OutputStream out) throws IOException {
    GenericRecord record = toRecord(manifest);
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(SCHEMA))) {
      writer.setMeta(FORMAT_META_KEY, FORMAT_META_VALUE);
      writer.create(SCHEMA, new NonClosing(out), SYNC);
      writer.append(record);
    }
  }

  /**
   * Decodes a manifest written by {@link #encode}, with this or an older compatible schema.
   *
   * @throws IOException if the bytes are not such a container, or hold an invalid manifest
   */
  public static CheckpointManifest decode(byte[] bytes) throws IOException {
    return decode(new ByteArrayInputStream(bytes));
  }

  /** Decodes a manifest from {@code in}; see {@link #decode(byte[])}. */
  public static CheckpointManifest decode(InputStream in) throws IOException {
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(null, SCHEMA);
    try (DataFileStream<GenericRecord> file = new DataFileStream<>(in, reader)) {
      if (!file.hasNext()) {
        throw new IOException("the Avro container holds no checkpoint manifest record");
      }
      GenericRecord record = file.next();
      if (file.hasNext()) {
        throw new IOException("the Avro container holds more than one checkpoint manifest");
      }
      return fromRecord(record);
    } catch (AvroRuntimeException | IllegalArgumentException | NullPointerException
        | ClassCastException e) {
      throw new IOException("not a valid checkpoint manifest: " + e.getMessage(), e);
    }
  }

  /** The manifest in Avro's JSON encoding, pretty-printed, for people and tools. */
  public static String toJson(CheckpointManifest manifest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(SCHEMA, out, true);
      new GenericDatumWriter<GenericRecord>(SCHEMA).write(toRecord(manifest), encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a byte array cannot fail", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static GenericRecord toRecord(CheckpointManifest m) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("jobId", m.jobId());
    r.put("checkpointId", m.checkpointId());
    r.put("timestampMillis", m.timestampMillis());
    r.put("planFingerprint", m.planFingerprint());
    r.put("maxParallelism", m.maxParallelism());
    r.put("savepoint", m.savepoint());
    r.put("runId", m.runId());
    r.put("finished", m.finished());
    List<GenericRecord> steps = new ArrayList<>();
    for (StepSnapshot step : m.steps()) {
      GenericRecord s = new GenericData.Record(STEP);
      s.put("stepName", step.stepName());
      List<GenericRecord> keyed = new ArrayList<>();
      for (KeyedStateHandles k : step.keyed()) {
        GenericRecord kr = new GenericData.Record(KEYED);
        kr.put("keyGroupStart", k.keyGroupStart());
        kr.put("keyGroupEndInclusive", k.keyGroupEndInclusive());
        kr.put("full", toRecord(k.full()));
        kr.put("deltas", k.deltas().stream().map(CheckpointManifestFormat::toRecord).toList());
        keyed.add(kr);
      }
      s.put("keyed", keyed);
      List<GenericRecord> ops = new ArrayList<>();
      for (OperatorStateHandle op : step.operatorState()) {
        GenericRecord o = new GenericData.Record(OPERATOR);
        o.put("kind", op.kind());
        o.put("subtask", op.subtask());
        o.put("schema", op.schema());
        o.put("handle", toRecord(op.handle()));
        ops.add(o);
      }
      s.put("operatorState", ops);
      s.put("stateSchemas", new LinkedHashMap<>(step.stateSchemas()));
      steps.add(s);
    }
    r.put("steps", steps);
    return r;
  }

  private static GenericRecord toRecord(StateHandle h) {
    GenericRecord r = new GenericData.Record(HANDLE);
    r.put("jobId", h.jobId());
    r.put("checkpointId", h.checkpointId());
    r.put("location", h.location());
    r.put("length", h.length());
    r.put("checksum", h.checksum());
    return r;
  }

  private static CheckpointManifest fromRecord(GenericRecord r) {
    List<StepSnapshot> steps = new ArrayList<>();
    for (Object o : (List<?>) r.get("steps")) {
      GenericRecord s = (GenericRecord) o;
      List<KeyedStateHandles> keyed = new ArrayList<>();
      for (Object ko : (List<?>) s.get("keyed")) {
        GenericRecord k = (GenericRecord) ko;
        List<StateHandle> deltas = new ArrayList<>();
        for (Object d : (List<?>) k.get("deltas")) {
          deltas.add(handleFrom((GenericRecord) d));
        }
        keyed.add(new KeyedStateHandles((Integer) k.get("keyGroupStart"),
            (Integer) k.get("keyGroupEndInclusive"), handleFrom((GenericRecord) k.get("full")),
            deltas));
      }
      List<OperatorStateHandle> ops = new ArrayList<>();
      for (Object oo : (List<?>) s.get("operatorState")) {
        GenericRecord op = (GenericRecord) oo;
        ops.add(new OperatorStateHandle(str(op, "kind"), (Integer) op.get("subtask"),
            str(op, "schema"), handleFrom((GenericRecord) op.get("handle"))));
      }
      Map<String, String> schemas = new LinkedHashMap<>();
      ((Map<?, ?>) s.get("stateSchemas")).forEach(
          (key, value) -> schemas.put(key.toString(), value.toString()));
      steps.add(new StepSnapshot(str(s, "stepName"), keyed, ops, schemas));
    }
    return new CheckpointManifest(str(r, "jobId"), str(r, "runId"), (Long) r.get("checkpointId"),
        (Long) r.get("timestampMillis"), str(r, "planFingerprint"),
        (Integer) r.get("maxParallelism"), (Boolean) r.get("savepoint"),
        (Boolean) r.get("finished"), steps);
  }

  private static StateHandle handleFrom(GenericRecord r) {
    return new StateHandle(str(r, "jobId"), (Long) r.get("checkpointId"), str(r, "location"),
        (Long) r.get("length"), (Long) r.get("checksum"));
  }

  private static String str(GenericRecord r, String field) {
    return r.get(field).toString();
  }

  private static Schema loadSchema() {
    try (InputStream in = CheckpointManifestFormat.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
    }
  }

  /** Lets the container writer close without closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
