package dev.weir.runtime.state;

import dev.weir.sdk.state.MapState;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

final class HeapMapState<K, V> implements MapState<K, V> {
  private final HeapKeyedStateBackend backend;
  private final StateTable table;

  HeapMapState(HeapKeyedStateBackend backend, StateTable table) {
    this.backend = backend;
    this.table = table;
  }

  @SuppressWarnings("unchecked")
  private HashMap<K, V> current() {
    return (HashMap<K, V>) table.get(backend.currentKey(), backend.currentKeyGroup());
  }

  @Override
  public V get(K key) {
    HashMap<K, V> m = current();
    return m == null ? null : m.get(key);
  }

  @Override
  public void put(K key, V value) {
    Objects.requireNonNull(key, "MapState key");
    Objects.requireNonNull(value, "MapState value (use remove to delete)");
    HashMap<K, V> m = current();
    if (m == null) {
      m = new HashMap<>();
      table.put(backend.currentKey(), backend.currentKeyGroup(), m);
    }
    m.put(key, value);
    table.touch(backend.currentKey(), backend.currentKeyGroup());
  }

  @Override
  public void remove(K key) {
    HashMap<K, V> m = current();
    if (m != null) {
      m.remove(key);
      if (m.isEmpty()) {
        clear();
      } else {
        table.touch(backend.currentKey(), backend.currentKeyGroup());
      }
    }
  }

  @Override
  public boolean contains(K key) {
    HashMap<K, V> m = current();
    return m != null && m.containsKey(key);
  }

  @Override
  public Map<K, V> entries() {
    HashMap<K, V> m = current();
    return m == null ? Map.of() : Collections.unmodifiableMap(m);
  }

  @Override
  public void clear() {
    table.remove(backend.currentKey(), backend.currentKeyGroup());
  }
}
