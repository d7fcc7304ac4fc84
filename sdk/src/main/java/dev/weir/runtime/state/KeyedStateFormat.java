package dev.weir.runtime.state;

import dev.weir.runtime.serde.ArrayEncoder;
import dev.weir.runtime.serde.ContainerWriter;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.io.Decoder;

/**
 * The on-disk format of one step's keyed state in one checkpoint blob: an Avro object
 * container file whose schema is a union of one record per declared state
 * ({@code keyGroup}, {@code key}, {@code value}; a null value is a deletion in a delta) and
 * one record for timers. Standard Avro tools read it with the typed key and value schemas.
 */
public final class KeyedStateFormat {
  /** Namespace of the record types in a keyed-state blob. */
  public static final String NAMESPACE = "dev.weir.state";

  private final List<StateSpec<?>> specs;
  private final Coder<Object> keyCoder;
  private final List<Coder<Object>> valueCoders = new ArrayList<>();
  private final Schema schema;
  private final Map<String, String> stateSchemas = new LinkedHashMap<>();

  @SuppressWarnings("unchecked")
  public KeyedStateFormat(String stepName, Coder<?> keyCoder, List<StateSpec<?>> specs) {
    this.specs = List.copyOf(specs);
    this.keyCoder = (Coder<Object>) keyCoder;
    List<Schema> branches = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (StateSpec<?> spec : specs) {
      Coder<Object> vc = (Coder<Object>) storedCoder(spec);
      valueCoders.add(vc);
      String name = uniqueName("state_" + sanitize(spec.name()), names);
      Schema record = SchemaBuilder.record(name).namespace(NAMESPACE)
          .doc("state '" + spec.name() + "' (" + spec.kind() + ") of step '" + stepName + "'")
          .fields()
          .requiredInt("keyGroup")
          .name("key").type(keyCoder.schema()).noDefault()
          .name("value").doc("null: the key's value was deleted").type(
              Schema.createUnion(Schema.create(Schema.Type.NULL), vc.schema())).noDefault()
          .endRecord();
      branches.add(record);
      stateSchemas.put(spec.name(), record.toString());
    }
    Schema timer = SchemaBuilder.record(uniqueName("timer", names)).namespace(NAMESPACE)
        .doc("pending timers of step '" + stepName + "'")
        .fields()
        .requiredInt("keyGroup")
        .name("key").type(keyCoder.schema()).noDefault()
        .requiredLong("timestamp")
        .name("domain").type(SchemaBuilder.enumeration("TimeDomain").namespace(NAMESPACE)
            .symbols("EVENT_TIME", "PROCESSING_TIME")).noDefault()
        .name("live").doc("false: the timer was deleted or fired").type().booleanType().noDefault()
        .endRecord();
    branches.add(timer);
    stateSchemas.put("__timers", timer.toString());
    this.schema = Schema.createUnion(branches);
  }

  /** The coder of the value a state stores per key: the value, the list, or the map. */
  static Coder<?> storedCoder(StateSpec<?> spec) {
    return switch (spec.kind()) {
      case VALUE -> spec.valueCoder();
      case LIST -> Types.list(spec.valueCoder());
      case MAP -> Types.map(spec.mapKeyCoder(), spec.valueCoder());
    };
  }

  private static String sanitize(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' ? c : '_');
    }
    return b.toString();
  }

  private static String uniqueName(String base, Set<String> taken) {
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** The union schema of the container file. */
  public Schema schema() {
    return schema;
  }

  /** Writer schema of each state's record, by state name (and "__timers"), for the manifest. */
  public Map<String, String> stateSchemas() {
    return stateSchemas;
  }

  public List<StateSpec<?>> specs() {
    return specs;
  }

  /** Receives the entries of a blob. */
  public interface Visitor {
    /** A state entry; {@code value == null} is a deletion. */
    void state(int stateIndex, int keyGroup, Object key, Object value);

    /**
     * A live state entry whose value coder is {@link Types#LONG}, unboxed; by default
     * passed on to {@link #state}.
     */
    default void stateLong(int stateIndex, int keyGroup, Object key, long value) {
      state(stateIndex, keyGroup, key, value);
    }

    /** A timer entry. */
    void timer(boolean eventTime, int keyGroup, Object key, long timestamp, boolean live);
  }

  /** Opens a writer of a blob onto {@code out}; closing it does not close {@code out}. */
  public Writer writer(OutputStream out) throws IOException {
    return new Writer(out);
  }

  /**
   * Reads a blob written in this format (or a compatible older schema). Entries of states the
   * blob has and this format lacks (a state the step no longer declares, whose dropping the
   * restore allowed) are skipped.
   */
  public void read(InputStream in, Visitor visitor) throws IOException {
    List<Schema> dropped = new ArrayList<>();
    CoderDatumReader<Object> reader = new CoderDatumReader<>(schema) {
      @Override
      Schema readerFor(Schema writer) {
        return withDroppedStates(writer, dropped);
      }

      @Override
      Object decode(Decoder d) throws IOException {
        int branch = d.readIndex();
        if (branch > specs.size()) {
          skip(dropped.get(branch - specs.size() - 1), d);
          return null;
        }
        int keyGroup = d.readInt();
        Object key = keyCoder.decode(d);
        if (branch < specs.size()) {
          if (d.readIndex() == 0) {
            d.readNull();
            visitor.state(branch, keyGroup, key, null);
          } else {
            Coder<Object> vc = valueCoders.get(branch);
            if (vc == (Object) Types.LONG) {
              visitor.stateLong(branch, keyGroup, key, d.readLong());
            } else {
              visitor.state(branch, keyGroup, key, vc.decode(d));
            }
          }
        } else {
          long ts = d.readLong();
          boolean eventTime = d.readEnum() == 0;
          visitor.timer(eventTime, keyGroup, key, ts, d.readBoolean());
        }
        return null;
      }
    };
    try (DataFileStream<Object> stream = new DataFileStream<>(in, reader)) {
      while (stream.hasNext()) {
        stream.next();
      }
    }
  }

  /**
   * This format's union, plus (after the timers) the state records of {@code writer} whose
   * names it lacks (put into {@code dropped}, in union order), so that a blob with a dropped
   * state reads by name resolution.
   */
  private Schema withDroppedStates(Schema writer, List<Schema> dropped) {
    dropped.clear();
    if (writer.getType() != Schema.Type.UNION) {
      return schema;
    }
    Set<String> known = new HashSet<>();
    schema.getTypes().forEach(t -> known.add(t.getFullName()));
    for (Schema branch : writer.getTypes()) {
      if (branch.getType() == Schema.Type.RECORD && !known.contains(branch.getFullName())
          && branch.getAliases().stream().noneMatch(known::contains)) {
        dropped.add(branch);
      }
    }
    if (dropped.isEmpty()) {
      return schema;
    }
    List<Schema> branches = new ArrayList<>(schema.getTypes());
    branches.addAll(dropped);
    return Schema.createUnion(branches);
  }

  /** Reads past one value of {@code s}. */
  private static void skip(Schema s, Decoder d) throws IOException {
    switch (s.getType()) {
      case RECORD -> {
        for (Schema.Field f : s.getFields()) {
          skip(f.schema(), d);
        }
      }
      case UNION -> skip(s.getTypes().get(d.readIndex()), d);
      case ARRAY -> {
        for (long n = d.readArrayStart(); n > 0; n = d.arrayNext()) {
          for (long i = 0; i < n; i++) {
            skip(s.getElementType(), d);
          }
        }
      }
      case MAP -> {
        for (long n = d.readMapStart(); n > 0; n = d.mapNext()) {
          for (long i = 0; i < n; i++) {
            d.skipString();
            skip(s.getValueType(), d);
          }
        }
      }
      case STRING -> d.skipString();
      case BYTES -> d.skipBytes();
      case FIXED -> d.skipFixed(s.getFixedSize());
      case ENUM -> d.readEnum();
      case INT -> d.readInt();
      case LONG -> d.readLong();
      case FLOAT -> d.readFloat();
      case DOUBLE -> d.readDouble();
      case BOOLEAN -> d.readBoolean();
      case NULL -> d.readNull();
    }
  }

  /** Appends entries to a container file. */
  public final class Writer implements Closeable {
    /** Encodes each entry once, in place, into the current block of the container. */
    private final ContainerWriter file;
    private final ArrayEncoder encoder;

    private Writer(OutputStream out) throws IOException {
      this.file = new ContainerWriter(out, schema, 1 << 16);
      this.encoder = file.encoder();
    }

    /** Writes a state entry ({@code value == null}: a deletion). */
    public void state(int stateIndex, int keyGroup, Object key, Object value) throws IOException {
      try {
        encoder.writeIndex(stateIndex);
        encoder.writeInt(keyGroup);
        keyCoder.encode(key, encoder);
        if (value == null) {
          encoder.writeIndex(0);
          encoder.writeNull();
        } else {
          encoder.writeIndex(1);
          valueCoders.get(stateIndex).encode(value, encoder);
        }
      } catch (IOException | RuntimeException e) {
        file.abortEntry(); // a coder failed part way: the block keeps whole entries only
        throw e;
      }
      file.endEntry();
    }

    /**
     * Writes a live state entry whose value coder is {@link Types#LONG}, without boxing: the
     * same bytes as {@link #state} with a {@code Long}.
     */
    public void stateLong(int stateIndex, int keyGroup, Object key, long value) throws IOException {
      encoder.writeIndex(stateIndex);
      encoder.writeInt(keyGroup);
      encodeKey(key);
      encoder.writeIndex(1);
      encoder.writeLong(value);
      file.endEntry();
    }

    /** Writes a timer entry. */
    public void timer(boolean eventTime, int keyGroup, Object key, long timestamp, boolean live)
        throws IOException {
      encoder.writeIndex(specs.size());
      encoder.writeInt(keyGroup);
      encodeKey(key);
      encoder.writeLong(timestamp);
      encoder.writeEnum(eventTime ? 0 : 1);
      encoder.writeBoolean(live);
      file.endEntry();
    }

    /** Encodes a key; if its coder fails, the partial entry is dropped from the block. */
    private void encodeKey(Object key) throws IOException {
      try {
        keyCoder.encode(key, encoder);
      } catch (IOException | RuntimeException e) {
        file.abortEntry();
        throw e;
      }
    }

    public long entries() {
      return file.entries();
    }

    /** Flushes the container; the underlying stream stays open. */
    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
