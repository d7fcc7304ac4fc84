package dev.weir.sdk.state;

import java.util.Map;
import java.util.Set;

/**
 * A map per key (a second-level key, such as an item id per user).
 *
 * <pre>{@code
 * MapState<String, Long> views = ctx.state(VIEWS_PER_ITEM);
 * views.put(item, views.getOrDefault(item, 0L) + 1);
 * }</pre>
 *
 * <h2>Checkpointing</h2>
 * Values are snapshotted by reference: do not mutate a value after putting it.
 *
 * @param <K> the map-key type
 * @param <V> the value type
 */
public interface MapState<K, V> extends State {
  /** The value for {@code key}, or {@code null}. */
  V get(K key);

  /** The value for {@code key}, or {@code defaultValue}. */
  default V getOrDefault(K key, V defaultValue) {
    V v = get(key);
    return v == null ? defaultValue : v;
  }

  /** Sets the value for {@code key}. */
  void put(K key, V value);

  /** Removes {@code key}. */
  void remove(K key);

  /** Whether {@code key} has a value. */
  boolean contains(K key);

  /** The entries of the current key; an unmodifiable view. */
  Map<K, V> entries();

  /** The map-keys of the current key; an unmodifiable view. */
  default Set<K> keys() {
    return entries().keySet();
  }

  /** Whether the current key has no entries. */
  default boolean isEmpty() {
    return entries().isEmpty();
  }
}
