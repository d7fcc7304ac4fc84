package dev.weir.runner.distributed.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * One message kind on the wire: a format-version byte, then the message as Avro binary of a
 * schema loaded from a classpath resource. Thread-safe: it holds only the schema and the
 * mapping functions; each call uses its own encoder or decoder.
 *
 * @param <T> the message type
 */
final class AvroMessageFormat<T> {

  private final String what;
  private final Schema schema;
  private final Function<T, GenericRecord> toRecord;
  private final Function<GenericRecord, T> fromRecord;
  private final List<Schema> earlier;

  /**
   * @param what what the bytes hold, for error messages, e.g. {@code "a control message"}
   * @param schema the writer and reader schema
   */
  AvroMessageFormat(String what, Schema schema, Function<T, GenericRecord> toRecord,
      Function<GenericRecord, T> fromRecord) {
    this(what, schema, toRecord, fromRecord, List.of());
  }

  /**
   * A message kind that gained fields (each with a default, appended at the end) since it was
   * first written: bytes that are not a message of {@code schema} are read as a message of
   * each of the {@code earlier} schemas in turn, resolved to {@code schema} (the new fields
   * get their defaults). The format version byte stays the same, since every earlier message
   * still decodes.
   */
  AvroMessageFormat(String what, Schema schema, Function<T, GenericRecord> toRecord,
      Function<GenericRecord, T> fromRecord, List<Schema> earlier) {
    this.what = what;
    this.schema = schema;
    this.toRecord = toRecord;
    this.fromRecord = fromRecord;
    this.earlier = List.copyOf(earlier);
  }

  Schema schema() {
    return schema;
  }

  byte[] encode(T message) {
    if (message == null) {
      throw new NullPointerException("cannot encode " + what + ": the message is null");
    }
    GenericRecord record = toRecord.apply(message);
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(ProtocolCodec.FORMAT_VERSION);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + what + " to a byte array cannot fail", e);
    }
    return out.toByteArray();
  }

  T decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw malformed("there are no bytes (" + (bytes == null ? "null" : "empty")
          + "); a message starts with its format version byte", null);
    }
    if (bytes[0] != ProtocolCodec.FORMAT_VERSION) {
      throw malformed("format version " + (bytes[0] & 0xFF) + " is not "
          + ProtocolCodec.FORMAT_VERSION + ", the only version this Weir reads; the topic holds"
          + " data of another Weir version or of another program", null);
    }
    GenericRecord record;
    try {
      record = read(bytes, schema);
    } catch (MalformedMessageException e) {
      record = readEarlier(bytes, e);
    }
    try {
      return fromRecord.apply(record);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw malformed("the record breaks the rules of its fields: " + e.getMessage(), e);
    }
  }

  /** The message as a record of {@code writer}'s fields, resolved to this kind's schema. */
  private GenericRecord read(byte[] bytes, Schema writer) {
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
    try {
      // Avro checks a collection's claimed count against the bytes left before allocating.
      GenericRecord record = new GenericDatumReader<GenericRecord>(writer, schema)
          .read(null, decoder);
      if (!decoder.isEnd()) {
        throw malformed("bytes follow the end of the message (" + bytes.length
            + " bytes in all); the value is not one " + schema.getFullName(), null);
      }
      return record;
    } catch (IOException | AvroRuntimeException | UnsupportedOperationException
        | IndexOutOfBoundsException e) {
      throw malformed("the bytes are not Avro binary of " + schema.getFullName()
          + " (truncated or garbage): " + e, e);
    }
  }

  /** Reads the bytes as a message of an earlier schema; else throws {@code current}. */
  private GenericRecord readEarlier(byte[] bytes, MalformedMessageException current) {
    for (Schema writer : earlier) {
      try {
        return read(bytes, writer);
      } catch (MalformedMessageException e) {
        current.addSuppressed(e);
      }
    }
    throw current;
  }

  private MalformedMessageException malformed(String why, Throwable cause) {
    return new MalformedMessageException("cannot decode " + what + ": " + why, cause);
  }

  /** Loads a schema kept as a resource of this package. */
  static Schema loadSchema(String resource) {
    try (InputStream in = AvroMessageFormat.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource " + resource + " of package "
            + AvroMessageFormat.class.getPackageName() + " is missing from the classpath");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + resource, e);
    }
  }
}
