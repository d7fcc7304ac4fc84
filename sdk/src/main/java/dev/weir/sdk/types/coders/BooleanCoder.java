package dev.weir.sdk.types.coders;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** {@code BOOLEAN}: an Avro {@code boolean}, one byte. */
public final class BooleanCoder extends AbstractCoder<Boolean> {

  /** The one instance, {@code Types.BOOLEAN}. */
  public static final BooleanCoder INSTANCE = new BooleanCoder();

  private BooleanCoder() {
    super("BOOLEAN", Schema.create(Schema.Type.BOOLEAN), List.of());
  }

  @Override
  public void encode(Boolean value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    encoder.writeBoolean(value);
  }

  @Override
  public Boolean decode(Decoder decoder) throws IOException {
    return decoder.readBoolean();
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }
}
