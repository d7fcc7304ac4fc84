package dev.weir.runtime.state;

import dev.weir.sdk.state.StateSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The values of one declared state of one subtask, by key group and key. For list and map
 * state the value is the runtime-owned {@code ArrayList}/{@code HashMap}.
 *
 * <p>Not thread-safe: used by the task thread only.
 */
public final class StateTable {
  private final StateSpec<?> spec;
  private final KeyGroupRange range;
  private final HashMap<Object, Object>[] byKeyGroup;

  @SuppressWarnings("unchecked")
  public StateTable(StateSpec<?> spec, KeyGroupRange range) {
    this.spec = spec;
    this.range = range;
    this.byKeyGroup = new HashMap[range.size()];
  }

  public StateSpec<?> spec() {
    return spec;
  }

  public KeyGroupRange range() {
    return range;
  }

  public Object get(Object key, int keyGroup) {
    HashMap<Object, Object> m = byKeyGroup[keyGroup - range.start()];
    return m == null ? null : m.get(key);
  }

  public void put(Object key, int keyGroup, Object value) {
    int i = keyGroup - range.start();
    HashMap<Object, Object> m = byKeyGroup[i];
    if (m == null) {
      m = new HashMap<>();
      byKeyGroup[i] = m;
    }
    m.put(key, value);
  }

  public void remove(Object key, int keyGroup) {
    HashMap<Object, Object> m = byKeyGroup[keyGroup - range.start()];
    if (m != null) {
      m.remove(key);
    }
  }

  /** The entries of one key group (empty map when none); the live map, do not modify. */
  public Map<Object, Object> entries(int keyGroup) {
    HashMap<Object, Object> m = byKeyGroup[keyGroup - range.start()];
    return m == null ? Map.of() : m;
  }

  /** Number of keys with a value. */
  public long size() {
    long n = 0;
    for (HashMap<Object, Object> m : byKeyGroup) {
      n += m == null ? 0 : m.size();
    }
    return n;
  }
}
