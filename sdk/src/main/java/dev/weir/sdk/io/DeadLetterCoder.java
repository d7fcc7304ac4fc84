package dev.weir.sdk.io;

import dev.weir.sdk.types.coders.AbstractCoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@link DeadLetter} as the Avro record {@code dev.weir.DeadLetter}, fields in declaration order;
 * reached through {@link DeadLetter#CODER}. Beside the type it encodes, so that the built-in coders
 * ({@code dev.weir.sdk.types.coders}) need nothing of {@code io}.
 */
final class DeadLetterCoder extends AbstractCoder<DeadLetter> {

  private static final Schema SCHEMA = SchemaBuilder.record("DeadLetter").namespace("dev.weir")
      .doc("A record a source could not read, with the reason")
      .fields()
      .requiredString("step")
      .requiredString("origin")
      .requiredString("reason")
      .requiredBytes("payload")
      .requiredLong("timestamp")
      .endRecord();

  /** The only instance. */
  static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  private DeadLetterCoder() {
    super("DEAD_LETTER", SCHEMA, List.of());
  }

  @Override
  public void encode(DeadLetter value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    encoder.writeString(value.step());
    encoder.writeString(value.origin());
    encoder.writeString(value.reason());
    encoder.writeBytes(value.payload());
    encoder.writeLong(value.timestamp());
  }

  @Override
  public DeadLetter decode(Decoder decoder) throws IOException {
    String step = decoder.readString();
    String origin = decoder.readString();
    String reason = decoder.readString();
    ByteBuffer buf = decoder.readBytes(null);
    byte[] payload = new byte[buf.remaining()];
    buf.get(payload);
    return new DeadLetter(step, origin, reason, payload, decoder.readLong());
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }
}
