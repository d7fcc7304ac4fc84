package dev.weir.sdk.types;

/** TEMPORARY until the types branch lands. */
public record KV<K, V>(K key, V value) {
  public static <K, V> KV<K, V> of(K k, V v) {
    return new KV<>(k, v);
  }
}
