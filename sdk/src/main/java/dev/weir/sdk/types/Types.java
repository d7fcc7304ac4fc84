package dev.weir.sdk.types;

import dev.weir.sdk.types.coders.BooleanCoder;
import dev.weir.sdk.types.coders.BytesCoder;
import dev.weir.sdk.types.coders.DoubleCoder;
import dev.weir.sdk.types.coders.EntryListMapCoder;
import dev.weir.sdk.types.coders.IntCoder;
import dev.weir.sdk.types.coders.KvCoder;
import dev.weir.sdk.types.coders.ListCoder;
import dev.weir.sdk.types.coders.LongCoder;
import dev.weir.sdk.types.coders.NullableCoder;
import dev.weir.sdk.types.coders.RecordCoder;
import dev.weir.sdk.types.coders.StringCoder;
import dev.weir.sdk.types.coders.StringMapCoder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Coders for the common types: constants for primitives and factories that compose them.
 *
 * <pre>{@code
 * Coder<Long> counts = Types.LONG;
 * Coder<KV<String, List<Long>>> series = Types.kv(Types.STRING, Types.list(Types.LONG));
 * Coder<Map<String, Double>> gauges = Types.map(Types.STRING, Types.DOUBLE);
 * Coder<Order> orders = Types.avro(Order.class);        // an Avro-generated class
 * }</pre>
 *
 * <h2>Encodings</h2>
 * Every coder writes Avro binary data described by its {@link Coder#schema()}, so standard Avro
 * tools read checkpoint data with that schema as the writer schema. The encodings, schemas
 * (including the generated record names of {@link #kv}) and {@link Coder#hashOfEncoding} values
 * never change between releases.
 *
 * <h2>Strings</h2>
 * {@link #STRING}, map keys and the strings inside {@link #generic} records decode as {@link
 * String}, never as Avro's {@code Utf8}. Specific and reflect records decode strings as their
 * classes declare.
 *
 * <h2>Determinism</h2>
 * Primitives are deterministic, and so are {@link #kv}, {@link #list} and {@link #nullable} of
 * deterministic coders, and records whose schema contains no {@code map}. {@link #map} coders
 * are not (entries are written in the map's iteration order), so they cannot encode keys.
 *
 * <h2>Nulls</h2>
 * No coder accepts null unless built with {@link #nullable}; the others throw {@link
 * CoderException} when asked to encode null.
 *
 * <h2>Threading</h2>
 * All coders are immutable and thread-safe. Equal coders (such as two {@code kv(STRING, LONG)})
 * are {@code equals} and interchangeable.
 *
 * @since 0.1
 */
public final class Types {

  /** {@link String} as an Avro {@code string}; decodes to {@code String}. Deterministic. */
  public static final Coder<String> STRING = StringCoder.INSTANCE;

  /** {@link Long} as an Avro {@code long} (zig-zag varint). Deterministic. */
  public static final Coder<Long> LONG = LongCoder.INSTANCE;

  /** {@link Integer} as an Avro {@code int} (zig-zag varint). Deterministic. */
  public static final Coder<Integer> INT = IntCoder.INSTANCE;

  /**
   * {@link Double} as an Avro {@code double}. Deterministic: every NaN is written as the
   * canonical {@link Double#NaN}.
   */
  public static final Coder<Double> DOUBLE = DoubleCoder.INSTANCE;

  /** {@link Boolean} as an Avro {@code boolean}. Deterministic. */
  public static final Coder<Boolean> BOOLEAN = BooleanCoder.INSTANCE;

  /** {@code byte[]} as an Avro {@code bytes}; each decode returns a new array. Deterministic. */
  public static final Coder<byte[]> BYTES = BytesCoder.INSTANCE;

  private Types() {}

  /**
   * Pairs as an Avro record {@code {key, value}}; works nested, as in {@code kv(STRING,
   * kv(LONG, STRING))} or {@code list(kv(INT, STRING))}. The record is named {@code
   * dev.weir.types.KV_<hex>}, where the hex digits are a fingerprint of the key and value
   * schemas, so different pairs in one schema never share a name.
   *
   * <pre>{@code
   * Coder<KV<String, Long>> coder = Types.kv(Types.STRING, Types.LONG);
   * }</pre>
   *
   * @param <K> the key type
   * @param <V> the value type
   * @param keyCoder the coder of the key; must not accept null
   * @param valueCoder the coder of the value; wrap it with {@link #nullable} for null values
   * @return a coder that is deterministic if both coders are
   * @throws IllegalArgumentException if {@code keyCoder} accepts null
   */
  public static <K, V> Coder<KV<K, V>> kv(Coder<K> keyCoder, Coder<V> valueCoder) {
    return new KvCoder<>(
        Objects.requireNonNull(keyCoder, "keyCoder"),
        Objects.requireNonNull(valueCoder, "valueCoder"));
  }

  /**
   * Lists as an Avro {@code array}; decodes to an {@link java.util.ArrayList}.
   *
   * <pre>{@code
   * Coder<List<String>> tags = Types.list(Types.STRING);
   * }</pre>
   *
   * @param <T> the element type
   * @param elementCoder the coder of the elements
   * @return a coder that is deterministic if {@code elementCoder} is
   */
  public static <T> Coder<List<T>> list(Coder<T> elementCoder) {
    return new ListCoder<>(Objects.requireNonNull(elementCoder, "elementCoder"));
  }

  /**
   * Maps; decode to a {@link java.util.LinkedHashMap} in the order the entries were written.
   * With {@link #STRING} keys the encoding is an Avro {@code map}; with any other key coder it
   * is an Avro {@code array} of {@code {key, value}} records, the same records {@link #kv}
   * writes. Map coders are <b>not deterministic</b>: entries are written in the map's iteration
   * order, so do not use them for keys.
   *
   * <pre>{@code
   * Coder<Map<Long, String>> names = Types.map(Types.LONG, Types.STRING);
   * }</pre>
   *
   * @param <K> the key type
   * @param <V> the value type
   * @param keyCoder the coder of the keys
   * @param valueCoder the coder of the values
   * @return a coder that is not deterministic
   */
  @SuppressWarnings("unchecked")
  public static <K, V> Coder<Map<K, V>> map(Coder<K> keyCoder, Coder<V> valueCoder) {
    Objects.requireNonNull(keyCoder, "keyCoder");
    Objects.requireNonNull(valueCoder, "valueCoder");
    if (keyCoder.equals(STRING)) {
      Coder<?> stringKeyed = new StringMapCoder<>(valueCoder);
      return (Coder<Map<K, V>>) stringKeyed;
    }
    return new EntryListMapCoder<>(keyCoder, valueCoder);
  }

  /**
   * Values that may be null, as the Avro union {@code ["null", T]}. A coder that already
   * accepts null is returned unchanged.
   *
   * <pre>{@code
   * Coder<KV<String, Long>> sparse = Types.kv(Types.STRING, Types.nullable(Types.LONG));
   * }</pre>
   *
   * @param <T> the value type
   * @param coder the coder of the non-null values
   * @return a coder that is deterministic if {@code coder} is
   * @throws IllegalArgumentException if {@code coder}'s schema is a union without null, which
   *     Avro cannot nest in another union
   */
  public static <T> Coder<T> nullable(Coder<T> coder) {
    return NullableCoder.of(Objects.requireNonNull(coder, "coder"));
  }

  /**
   * Instances of an Avro specific record class (generated from an {@code .avsc}, or written by
   * hand extending {@code SpecificRecordBase}), with the class's schema.
   *
   * <pre>{@code
   * Coder<Order> orders = Types.avro(Order.class);
   * }</pre>
   *
   * @param <T> the record class
   * @param type the record class
   * @return a coder that is deterministic if the schema contains no {@code map}
   * @throws IllegalArgumentException if the class's schema is not a record
   */
  public static <T extends SpecificRecord> Coder<T> avro(Class<T> type) {
    return RecordCoder.specific(type);
  }

  /**
   * {@link GenericRecord}s of a record schema. Strings in decoded records, including map keys,
   * are {@link String}s, not Avro's {@code Utf8}.
   *
   * <pre>{@code
   * Schema schema = new Schema.Parser().parse(avscText);
   * Coder<GenericRecord> events = Types.generic(schema);
   * }</pre>
   *
   * @param schema a record schema
   * @return a coder that is deterministic if the schema contains no {@code map}
   * @throws IllegalArgumentException if {@code schema} is not a record
   */
  public static Coder<GenericRecord> generic(Schema schema) {
    return RecordCoder.generic(schema);
  }

  /**
   * Instances of a plain Java class, mapped to an Avro record by Avro's {@code ReflectData}
   * (fields by name; annotations such as {@code @Nullable} from {@code org.apache.avro.reflect}
   * apply). The class needs a no-argument constructor.
   *
   * <pre>{@code
   * Coder<Point> points = Types.reflect(Point.class);
   * }</pre>
   *
   * @param <T> the class
   * @param type the class
   * @return a coder that is deterministic if the schema contains no {@code map} and no
   *     collection other than a {@code List}
   * @throws IllegalArgumentException if the class does not map to an Avro record
   */
  public static <T> Coder<T> reflect(Class<T> type) {
    return RecordCoder.reflect(type);
  }
}
