package dev.weir.sdk.types.coders;

import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.CoderException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@code MAP<STRING,V>}: an Avro {@code map}, written as one block in the map's iteration
 * order. Decodes to a {@link LinkedHashMap} with {@link String} keys, in the order written.
 *
 * <p>Not deterministic: two equal maps with different iteration orders encode differently.
 *
 * @param <V> the value type
 */
public final class StringMapCoder<V> extends AbstractCoder<Map<String, V>> {

  private final Coder<V> valueCoder;

  public StringMapCoder(Coder<V> valueCoder) {
    super(
        "MAP<STRING," + typeName(valueCoder) + ">", mapSchema(valueCoder), List.of(valueCoder));
    this.valueCoder = valueCoder;
  }

  private static Schema mapSchema(Coder<?> valueCoder) {
    Schema schema = Schema.createMap(valueCoder.schema());
    GenericData.setStringType(schema, GenericData.StringType.String);
    return schema;
  }

  @Override
  public void encode(Map<String, V> value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    encoder.writeMapStart();
    encoder.setItemCount(value.size());
    for (Map.Entry<String, V> entry : value.entrySet()) {
      if (entry.getKey() == null) {
        throw new CoderException(this + " cannot encode a null map key");
      }
      encoder.startItem();
      encoder.writeString(entry.getKey());
      valueCoder.encode(entry.getValue(), encoder);
    }
    encoder.writeMapEnd();
  }

  @Override
  public Map<String, V> decode(Decoder decoder) throws IOException {
    long count = decoder.readMapStart();
    Map<String, V> map = new LinkedHashMap<>((int) Math.min(count, ListCoder.MAX_PRESIZE));
    while (count > 0) {
      for (long i = 0; i < count; i++) {
        String key = decoder.readString();
        map.put(key, valueCoder.decode(decoder));
      }
      count = decoder.mapNext();
    }
    return map;
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }
}
