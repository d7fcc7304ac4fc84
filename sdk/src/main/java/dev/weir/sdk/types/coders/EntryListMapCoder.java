package dev.weir.sdk.types.coders;

import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@code MAP<K,V>} for keys that are not {@code STRING}: an Avro {@code array} of {@code {key,
 * value}} records (the same record as {@code KV<K,V>}, see {@link PairSchemas}), written in the
 * map's iteration order. Decodes to a {@link LinkedHashMap} in the order written; a key that
 * appears twice keeps its last value.
 *
 * <p>Not deterministic: two equal maps with different iteration orders encode differently.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class EntryListMapCoder<K, V> extends AbstractCoder<Map<K, V>> {

  private final Coder<K> keyCoder;
  private final Coder<V> valueCoder;

  public EntryListMapCoder(Coder<K> keyCoder, Coder<V> valueCoder) {
    super(
        typeName(keyCoder, valueCoder),
        Schema.createArray(
            PairSchemas.pair(
                keyCoder.schema(), valueCoder.schema(), typeName(keyCoder, valueCoder))),
        List.of(keyCoder, valueCoder));
    this.keyCoder = keyCoder;
    this.valueCoder = valueCoder;
  }

  private static String typeName(Coder<?> keyCoder, Coder<?> valueCoder) {
    return "MAP<" + typeName(keyCoder) + "," + typeName(valueCoder) + ">";
  }

  @Override
  public void encode(Map<K, V> value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    encoder.writeArrayStart();
    encoder.setItemCount(value.size());
    for (Map.Entry<K, V> entry : value.entrySet()) {
      encoder.startItem();
      keyCoder.encode(entry.getKey(), encoder);
      valueCoder.encode(entry.getValue(), encoder);
    }
    encoder.writeArrayEnd();
  }

  @Override
  public Map<K, V> decode(Decoder decoder) throws IOException {
    long count = decoder.readArrayStart();
    Map<K, V> map = new LinkedHashMap<>((int) Math.min(count, ListCoder.MAX_PRESIZE));
    while (count > 0) {
      for (long i = 0; i < count; i++) {
        K key = keyCoder.decode(decoder);
        map.put(key, valueCoder.decode(decoder));
      }
      count = decoder.arrayNext();
    }
    return map;
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }
}
