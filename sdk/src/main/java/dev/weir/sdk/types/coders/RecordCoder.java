package dev.weir.sdk.types.coders;

import dev.weir.sdk.types.CoderException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.reflect.ReflectDatumReader;
import org.apache.avro.reflect.ReflectDatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro records through Avro's own datum readers and writers: specific (generated classes),
 * generic ({@link GenericRecord}) and reflect (plain Java classes).
 *
 * <p>One writer and one reader are built per coder, on a private data model from {@link
 * RecordModels}, and shared by all threads: Avro's datum readers and writers keep no per-call
 * state outside the encoder or decoder they are given (the reader caches its resolver per
 * thread and its string classes in a concurrent map).
 *
 * <h2>Strings</h2>
 * Generic records decode every string, including map keys, as {@link String} rather than
 * Avro's {@code Utf8}, whatever the schema says. Specific and reflect records decode strings
 * as their classes declare.
 *
 * @param <T> the record type
 */
public final class RecordCoder<T> extends AbstractCoder<T> {

  private final DatumWriter<T> writer;
  private final DatumReader<T> reader;
  private final boolean deterministic;

  private RecordCoder(
      String typeName, Schema schema, Object target, DatumWriter<T> writer, DatumReader<T> reader) {
    super(typeName, schema, List.of(target));
    this.writer = writer;
    this.reader = reader;
    this.deterministic = SchemaDeterminism.isDeterministic(schema);
  }

  /** Records of an Avro-generated (or hand-written) {@link SpecificRecord} class. */
  public static <T extends SpecificRecord> RecordCoder<T> specific(Class<T> type) {
    Objects.requireNonNull(type, "type");
    Schema schema =
        requireRecord(
            "Types.avro", type.getName(), SpecificData.getForClass(type).getSchema(type));
    SpecificData model = RecordModels.specific(type, schema);
    return new RecordCoder<>(
        "AVRO<" + schema.getFullName() + ">",
        schema,
        type,
        new SpecificDatumWriter<>(schema, model),
        new SpecificDatumReader<>(schema, schema, model));
  }

  /** {@link GenericRecord}s of a record schema; strings decode as {@link String}. */
  public static RecordCoder<GenericRecord> generic(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    requireRecord("Types.generic", "the schema", schema);
    GenericData model = RecordModels.generic();
    return new RecordCoder<>(
        "GENERIC<" + schema.getFullName() + ">",
        schema,
        "generic",
        new GenericDatumWriter<>(schema, model),
        new StringGenericDatumReader(schema, model));
  }

  /** Instances of a plain Java class, mapped to a record by Avro's {@link ReflectData}. */
  public static <T> RecordCoder<T> reflect(Class<T> type) {
    Objects.requireNonNull(type, "type");
    ReflectData model = RecordModels.reflect(type);
    Schema schema = requireRecord("Types.reflect", type.getName(), model.getSchema(type));
    return new RecordCoder<>(
        "REFLECT<" + schema.getFullName() + ">",
        schema,
        type,
        new ReflectDatumWriter<>(schema, model),
        new ReflectDatumReader<>(schema, schema, model));
  }

  private static Schema requireRecord(String factory, String what, Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          factory + ": " + what + " maps to the Avro type " + schema.getType()
              + ", not a record; use the matching Types factory (for example Types.STRING)");
    }
    return schema;
  }

  @Override
  public void encode(T value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    try {
      writer.write(value, encoder);
    } catch (RuntimeException e) {
      throw new CoderException(
          this + " cannot encode a value of " + value.getClass().getName() + ": " + e, e);
    }
  }

  @Override
  public T decode(Decoder decoder) throws IOException {
    try {
      return reader.read(null, decoder);
    } catch (RuntimeException e) {
      throw new CoderException(this + " cannot decode: malformed input (" + e + ")", e);
    }
  }

  @Override
  public boolean isDeterministic() {
    return deterministic;
  }

  /** A generic reader that reads every string and map key as {@link String}. */
  private static final class StringGenericDatumReader extends GenericDatumReader<GenericRecord> {

    StringGenericDatumReader(Schema schema, GenericData model) {
      super(schema, schema, model);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected Class findStringClass(Schema schema) {
      return String.class;
    }
  }
}
