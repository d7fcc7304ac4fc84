package dev.weir.sdk.types.coders;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** {@code LONG}: an Avro {@code long}, a zig-zag varint of 1 to 10 bytes. */
public final class LongCoder extends AbstractCoder<Long> {

  /** The one instance, {@code Types.LONG}. */
  public static final LongCoder INSTANCE = new LongCoder();

  private LongCoder() {
    super("LONG", Schema.create(Schema.Type.LONG), List.of());
  }

  @Override
  public void encode(Long value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    encoder.writeLong(value);
  }

  @Override
  public Long decode(Decoder decoder) throws IOException {
    return decoder.readLong();
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }

  @Override
  public int hashOfEncoding(Long value) {
    if (value == null) {
      throw nullValue();
    }
    return EncodingHash.ofLong(value);
  }
}
