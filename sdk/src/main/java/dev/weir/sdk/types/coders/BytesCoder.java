package dev.weir.sdk.types.coders;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@code BYTES}: an Avro {@code bytes}, a varint length and the bytes. Each decode returns a
 * new array that the caller owns.
 */
public final class BytesCoder extends AbstractCoder<byte[]> {

  /** The one instance, {@code Types.BYTES}. */
  public static final BytesCoder INSTANCE = new BytesCoder();

  private BytesCoder() {
    super("BYTES", Schema.create(Schema.Type.BYTES), List.of());
  }

  @Override
  public void encode(byte[] value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    encoder.writeBytes(value);
  }

  @Override
  public byte[] decode(Decoder decoder) throws IOException {
    ByteBuffer read = decoder.readBytes(null);
    if (read.hasArray()
        && read.arrayOffset() == 0
        && read.position() == 0
        && read.remaining() == read.array().length) {
      return read.array();
    }
    byte[] copy = new byte[read.remaining()];
    read.get(copy);
    return copy;
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }
}
