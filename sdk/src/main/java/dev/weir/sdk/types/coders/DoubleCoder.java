package dev.weir.sdk.types.coders;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@code DOUBLE}: an Avro {@code double}, 8 little-endian bytes.
 *
 * <p>Every NaN is written as the canonical {@link Double#NaN}: Avro writes the raw bits, and
 * NaNs that {@link Double#equals} considers equal may differ in their payload bits, which would
 * make equal keys encode differently.
 */
public final class DoubleCoder extends AbstractCoder<Double> {

  /** The one instance, {@code Types.DOUBLE}. */
  public static final DoubleCoder INSTANCE = new DoubleCoder();

  private DoubleCoder() {
    super("DOUBLE", Schema.create(Schema.Type.DOUBLE), List.of());
  }

  @Override
  public void encode(Double value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    double d = value;
    encoder.writeDouble(Double.isNaN(d) ? Double.NaN : d);
  }

  @Override
  public Double decode(Decoder decoder) throws IOException {
    return decoder.readDouble();
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }
}
