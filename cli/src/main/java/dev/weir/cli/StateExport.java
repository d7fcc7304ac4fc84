package dev.weir.cli;

import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Reads a step's state blobs with plain Avro generic readers and appends the entries to an
 * Avro container writer: the merged live keyed state, or the concatenated operator-state
 * entries.
 *
 * <h2>Keyed state</h2>
 * A keyed blob's records are a union of one record per state ({@code keyGroup}, {@code key},
 * {@code value}; a null value is a deletion) and a timer record ({@code keyGroup}, {@code key},
 * {@code timestamp}, {@code domain}, {@code live}). Each key-group range is merged on its own:
 * the full blob, then the deltas oldest first; a later entry replaces an earlier one with the
 * same record type, key group and key (and timestamp and domain, for timers); deletions and
 * dead timers remove the entry. The live entries of one range are held in memory, then
 * written. Every blob is read with the writer schema of the newest blob of the step as reader
 * schema (Avro schema resolution), which is also the schema of the output.
 */
final class StateExport {
  private final CheckpointStore store;

  StateExport(CheckpointStore store) {
    this.store = store;
  }

  /** The schema to export {@code step}'s keyed state with: that of its newest blob. */
  Schema keyedSchema(StepSnapshot step) throws IOException {
    StateHandle newest = step.keyed().stream()
        .map(r -> r.deltas().isEmpty() ? r.full() : r.deltas().get(r.deltas().size() - 1))
        .max(Comparator.comparingLong(StateHandle::checkpointId))
        .orElseThrow(() -> new IllegalArgumentException("step has no keyed state"));
    // Only the container header is read here; the full read below verifies the blob.
    try (InputStream in = store.openBlob(newest);
        DataFileStream<Object> file = new DataFileStream<>(in, new GenericDatumReader<>())) {
      return file.getSchema();
    }
  }

  /**
   * Merges each key-group range of {@code step} and passes its live entries to {@code out}.
   *
   * @return the number of blobs read
   */
  int mergeKeyed(StepSnapshot step, Schema schema, Consumer<GenericRecord> out)
      throws IOException {
    int blobs = 0;
    for (KeyedStateHandles range : step.keyed()) {
      Map<ByteBuffer, GenericRecord> live = new LinkedHashMap<>();
      Identity identity = new Identity();
      blobs += read(range.full(), schema, entry -> apply(entry, identity, live));
      for (StateHandle delta : range.deltas()) {
        blobs += read(delta, schema, entry -> apply(entry, identity, live));
      }
      live.values().forEach(out);
    }
    return blobs;
  }

  /**
   * Passes every entry of the operator-state blobs {@code handles} to {@code out}, in order,
   * and for each entry the handle it came from to {@code source}.
   */
  void concatOperator(List<OperatorStateHandle> handles, Schema schema,
      Consumer<OperatorStateHandle> source, Consumer<Object> out) throws IOException {
    for (OperatorStateHandle op : handles) {
      read(op.handle(), schema, entry -> {
        source.accept(op);
        out.accept(entry);
      });
    }
  }

  private static void apply(Object entry, Identity identity,
      Map<ByteBuffer, GenericRecord> live) {
    if (!(entry instanceof GenericRecord record)) {
      throw new AvroRuntimeException("an entry of a keyed-state blob is not a record: the blob "
          + "is not in Weir's keyed-state format");
    }
    ByteBuffer id = identity.of(record);
    Schema schema = record.getSchema();
    boolean removes = schema.getField("live") != null
        ? !Boolean.TRUE.equals(record.get("live"))
        : schema.getField("value") != null && record.get("value") == null;
    live.remove(id); // a replaced entry moves to the end, in the order it was last written
    if (!removes) {
      live.put(id, record);
    }
  }

  /** Reads one blob to its end (which verifies it) and returns 1. */
  private int read(StateHandle handle, Schema schema, Consumer<Object> entries)
      throws IOException {
    try (InputStream in = store.openBlob(handle);
        DataFileStream<Object> file =
            new DataFileStream<>(in, new GenericDatumReader<>(null, schema))) {
      while (file.hasNext()) {
        entries.accept(file.next());
      }
      in.transferTo(OutputStream.nullOutputStream());
    }
    return 1;
  }

  /** A new container file at {@code out} with schema {@code schema} and metadata {@code meta}. */
  static DataFileWriter<Object> writer(Schema schema, Map<String, String> meta, Path out)
      throws IOException {
    DataFileWriter<Object> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema));
    meta.forEach(writer::setMeta);
    return writer.create(schema, out.toFile());
  }

  /**
   * The identity of a keyed entry as bytes: record type, key group, binary-encoded key and,
   * for timers, timestamp and domain. Bytes avoid depending on how generic values implement
   * equals for each Avro type.
   */
  private static final class Identity {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    private BinaryEncoder encoder;

    ByteBuffer of(GenericRecord r) {
      bytes.reset();
      encoder = EncoderFactory.get().directBinaryEncoder(bytes, encoder);
      Schema schema = r.getSchema();
      if (schema.getField("keyGroup") == null || schema.getField("key") == null) {
        throw new AvroRuntimeException("record " + schema.getFullName() + " has no keyGroup "
            + "or key field: the blob is not in Weir's keyed-state format");
      }
      try {
        encoder.writeString(schema.getFullName());
        encoder.writeInt((Integer) r.get("keyGroup"));
        new GenericDatumWriter<>(schema.getField("key").schema()).write(r.get("key"), encoder);
        if (schema.getField("live") != null) {
          encoder.writeLong((Long) r.get("timestamp"));
          encoder.writeString(String.valueOf(r.get("domain")));
        }
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("writing to a byte array cannot fail", e);
      }
      return ByteBuffer.wrap(bytes.toByteArray());
    }
  }
}
