package dev.weir.sdk.types.coders;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** {@code INT}: an Avro {@code int}, a zig-zag varint of 1 to 5 bytes. */
public final class IntCoder extends AbstractCoder<Integer> {

  /** The one instance, {@code Types.INT}. */
  public static final IntCoder INSTANCE = new IntCoder();

  private IntCoder() {
    super("INT", Schema.create(Schema.Type.INT), List.of());
  }

  @Override
  public void encode(Integer value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    encoder.writeInt(value);
  }

  @Override
  public Integer decode(Decoder decoder) throws IOException {
    return decoder.readInt();
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }

  @Override
  public int hashOfEncoding(Integer value) {
    if (value == null) {
      throw nullValue();
    }
    return EncodingHash.ofInt(value);
  }
}
