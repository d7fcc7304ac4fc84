package dev.weir.sdk.types.coders;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@code STRING}: an Avro {@code string} that decodes to {@link String}, never {@code Utf8}.
 * The schema carries {@code avro.java.string=String} so plain Avro readers do the same.
 */
public final class StringCoder extends AbstractCoder<String> {

  /** The one instance, {@code Types.STRING}. */
  public static final StringCoder INSTANCE = new StringCoder();

  private StringCoder() {
    super("STRING", stringSchema(), List.of());
  }

  static Schema stringSchema() {
    Schema schema = Schema.create(Schema.Type.STRING);
    GenericData.setStringType(schema, GenericData.StringType.String);
    return schema;
  }

  @Override
  public void encode(String value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    encoder.writeString(value);
  }

  @Override
  public String decode(Decoder decoder) throws IOException {
    return decoder.readString();
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }

  @Override
  public int hashOfEncoding(String value) {
    if (value == null) {
      throw nullValue();
    }
    return EncodingHash.ofString(value);
  }
}
