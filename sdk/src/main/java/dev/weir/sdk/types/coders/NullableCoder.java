package dev.weir.sdk.types.coders;

import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.CoderException;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@code NULLABLE<T>}: the Avro union {@code ["null", T]}; branch index 0 is null, 1 a value.
 *
 * @param <T> the value type
 */
public final class NullableCoder<T> extends AbstractCoder<T> {

  private final Coder<T> valueCoder;

  private NullableCoder(Coder<T> valueCoder) {
    super(
        "NULLABLE<" + typeName(valueCoder) + ">",
        Schema.createUnion(Schema.create(Schema.Type.NULL), valueCoder.schema()),
        List.of(valueCoder));
    this.valueCoder = valueCoder;
  }

  /**
   * A coder that also accepts null; a coder that already does is returned as is.
   *
   * @throws IllegalArgumentException if the coder's schema is a union that does not contain
   *     null: Avro does not allow a union directly inside a union
   */
  public static <T> Coder<T> of(Coder<T> valueCoder) {
    Schema schema = valueCoder.schema();
    if (acceptsNull(schema)) {
      return valueCoder;
    }
    if (schema.getType() == Schema.Type.UNION) {
      throw new IllegalArgumentException(
          "Types.nullable: " + valueCoder + " has the union schema " + schema + "; Avro does"
              + " not allow a union inside a union, so give it a schema that includes null");
    }
    return new NullableCoder<>(valueCoder);
  }

  /** Whether values of this schema may be null: null itself, or a union with a null branch. */
  static boolean acceptsNull(Schema schema) {
    return schema.getType() == Schema.Type.NULL
        || (schema.getType() == Schema.Type.UNION
            && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
  }

  @Override
  public void encode(T value, Encoder encoder) throws IOException {
    if (value == null) {
      encoder.writeIndex(0);
      encoder.writeNull();
    } else {
      encoder.writeIndex(1);
      valueCoder.encode(value, encoder);
    }
  }

  @Override
  public T decode(Decoder decoder) throws IOException {
    int branch = decoder.readIndex();
    if (branch == 0) {
      decoder.readNull();
      return null;
    }
    if (branch == 1) {
      return valueCoder.decode(decoder);
    }
    throw new CoderException(
        this + " read union branch " + branch + ", but only 0 (null) and 1 (value) exist;"
            + " the input is corrupt or was written by a different coder");
  }

  @Override
  public boolean isDeterministic() {
    return valueCoder.isDeterministic();
  }
}
