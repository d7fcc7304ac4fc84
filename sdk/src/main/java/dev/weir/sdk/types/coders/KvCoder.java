package dev.weir.sdk.types.coders;

import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@code KV<K,V>}: an Avro record {@code {key, value}} named as described in {@link
 * PairSchemas}; the key then the value, with nothing in between.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KvCoder<K, V> extends AbstractCoder<KV<K, V>> {

  private final Coder<K> keyCoder;
  private final Coder<V> valueCoder;
  private final boolean deterministic;

  /**
   * @throws IllegalArgumentException if the key coder accepts null: KV keys are never null
   */
  public KvCoder(Coder<K> keyCoder, Coder<V> valueCoder) {
    super(
        typeName(keyCoder, valueCoder),
        PairSchemas.pair(keyCoder.schema(), valueCoder.schema(), typeName(keyCoder, valueCoder)),
        List.of(keyCoder, valueCoder));
    if (NullableCoder.acceptsNull(keyCoder.schema())) {
      throw new IllegalArgumentException(
          "Types.kv: key coder " + keyCoder + " accepts null, but KV keys are never null;"
              + " use a coder that is not nullable for the key");
    }
    this.keyCoder = keyCoder;
    this.valueCoder = valueCoder;
    this.deterministic = keyCoder.isDeterministic() && valueCoder.isDeterministic();
  }

  private static String typeName(Coder<?> keyCoder, Coder<?> valueCoder) {
    return "KV<" + typeName(keyCoder) + "," + typeName(valueCoder) + ">";
  }

  @Override
  public void encode(KV<K, V> value, Encoder encoder) throws IOException {
    if (value == null) {
      throw nullValue();
    }
    keyCoder.encode(value.key(), encoder);
    valueCoder.encode(value.value(), encoder);
  }

  @Override
  public KV<K, V> decode(Decoder decoder) throws IOException {
    K key = keyCoder.decode(decoder);
    return KV.of(key, valueCoder.decode(decoder));
  }

  @Override
  public boolean isDeterministic() {
    return deterministic;
  }
}
