package dev.weir.sdk.types;

import java.util.Objects;

/**
 * A key and a value: the element type of keyed streams and of {@link Types#kv(Coder, Coder)}.
 *
 * <pre>{@code
 * KV<String, Long> count = KV.of("weir", 3L);
 * String word = count.key();
 * }</pre>
 *
 * <h2>Nulls</h2>
 * The key is never null. The value may be null; to encode such a pair, build the coder with a
 * nullable value coder, for example {@code Types.kv(Types.STRING, Types.nullable(Types.LONG))}.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param key the key, never null
 * @param value the value, may be null
 */
public record KV<K, V>(K key, V value) {

  /**
   * Creates a pair.
   *
   * @throws NullPointerException if {@code key} is null
   */
  public KV {
    Objects.requireNonNull(key, "key");
  }

  /**
   * Creates a pair; the same as the constructor, shorter to read in pipelines.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @param key the key, never null
   * @param value the value, may be null
   * @return the pair
   * @throws NullPointerException if {@code key} is null
   */
  public static <K, V> KV<K, V> of(K key, V value) {
    return new KV<>(key, value);
  }
}
