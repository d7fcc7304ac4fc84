package dev.weir.sdk.types;

/** TEMPORARY until the types branch lands. */
public final class Types {
  private Types() {
  }

  public static final Coder<String> STRING = null;
  public static final Coder<Long> LONG = null;
  public static final Coder<Integer> INT = null;

  public static <T> Coder<java.util.List<T>> list(Coder<T> c) {
    return null;
  }

  public static <K, V> Coder<KV<K, V>> kv(Coder<K> k, Coder<V> v) {
    return null;
  }
}
