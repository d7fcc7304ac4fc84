package dev.weir.io.kafka;

import com.google.common.hash.Hashing;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.CoderException;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * Coders for Kafka record keys and values written by non-Weir producers, for
 * {@link KafkaSource}.
 *
 * <p>{@code Types.STRING} and {@code Types.BYTES} are Avro encodings: a string or byte array
 * is preceded by its length as a varint. A record written by Kafka's console producer or by a
 * {@code StringSerializer} has no such prefix, so decoding it with {@code Types.STRING} fails
 * or garbles the text. The coders here take the whole byte array as the value:
 *
 * <pre>{@code
 * KafkaSource.values(bootstrap, "lines", KafkaCoders.UTF8);     // StringSerializer's bytes
 * KafkaSource.values(bootstrap, "blobs", KafkaCoders.BYTES);    // the bytes as they are
 * }</pre>
 *
 * <p>Only {@link Coder#encode(Object)} and {@link Coder#decode(byte[])} are raw. Nested in
 * another coder (a {@code KV}, a list, state) the streaming methods write an Avro
 * {@code string} or {@code bytes}, which is how the schema describes them, so the coders work
 * as record, key and state coders too. {@code hashOfEncoding} hashes the raw bytes.
 */
public final class KafkaCoders {

  /**
   * The record's bytes as UTF-8 text, without a length prefix (what Kafka's
   * {@code StringSerializer} writes). Bytes that are not valid UTF-8 fail to decode with a
   * {@link CoderException}, so a {@link KafkaSource} fails or sends them to dead letters.
   */
  public static final Coder<String> UTF8 = new Utf8Coder();

  /** The record's bytes as they are (what Kafka's {@code ByteArraySerializer} writes). */
  public static final Coder<byte[]> BYTES = new BytesCoder();

  private KafkaCoders() {
  }

  /** Raw UTF-8 text. */
  private static final class Utf8Coder implements Coder<String> {
    private static final Schema SCHEMA = stringSchema();

    private static Schema stringSchema() {
      Schema schema = Schema.create(Schema.Type.STRING);
      GenericData.setStringType(schema, GenericData.StringType.String);
      return schema;
    }

    @Override
    public Schema schema() {
      return SCHEMA;
    }

    @Override
    public void encode(String value, Encoder encoder) throws IOException {
      Types.STRING.encode(requireValue(value, this), encoder); // nested: Avro's string
    }

    @Override
    public String decode(Decoder decoder) throws IOException {
      return Types.STRING.decode(decoder);
    }

    @Override
    public boolean isDeterministic() {
      return true;
    }

    @Override
    public byte[] encode(String value) {
      return requireValue(value, this).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      Objects.requireNonNull(bytes, "bytes");
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new CoderException(this + " cannot decode " + bytes.length
            + " bytes: not valid UTF-8 (" + e + ")", e);
      }
    }

    @Override
    public int hashOfEncoding(String value) {
      // Equal to hashing encode(value), without the byte array (Guava hashes UTF-8 directly).
      return Hashing.murmur3_32_fixed().hashString(requireValue(value, this), StandardCharsets.UTF_8)
          .asInt();
    }

    @Override
    public String toString() {
      return "Coder<KAFKA_UTF8>";
    }
  }

  /** Raw bytes. */
  private static final class BytesCoder implements Coder<byte[]> {
    private static final Schema SCHEMA = Schema.create(Schema.Type.BYTES);

    @Override
    public Schema schema() {
      return SCHEMA;
    }

    @Override
    public void encode(byte[] value, Encoder encoder) throws IOException {
      encoder.writeBytes(requireValue(value, this));
    }

    @Override
    public byte[] decode(Decoder decoder) throws IOException {
      ByteBuffer buf = decoder.readBytes(null);
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    }

    @Override
    public boolean isDeterministic() {
      return true;
    }

    @Override
    public byte[] encode(byte[] value) {
      return requireValue(value, this).clone();
    }

    @Override
    public byte[] decode(byte[] bytes) {
      return Objects.requireNonNull(bytes, "bytes").clone();
    }

    @Override
    public int hashOfEncoding(byte[] value) {
      return Hashing.murmur3_32_fixed().hashBytes(requireValue(value, this)).asInt();
    }

    @Override
    public String toString() {
      return "Coder<KAFKA_BYTES>";
    }
  }

  private static <T> T requireValue(T value, Coder<?> coder) {
    if (value == null) {
      throw new CoderException(coder
          + " cannot encode null; wrap the coder with Types.nullable(...) to allow nulls");
    }
    return value;
  }
}
