package dev.weir.runtime.state;

import dev.weir.sdk.state.StateSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The values of one declared state of one subtask, by key group and key, with change
 * tracking for incremental checkpoints: every entry written since the last snapshot is on
 * the dirty list exactly once (an epoch stamp on the entry avoids a set lookup per write).
 * For list and map state the value is the runtime-owned {@code ArrayList}/{@code HashMap}.
 *
 * <p>Not thread-safe: used by the task thread only.
 */
public final class StateTable {

  /** One key's value; {@code value == null} marks a deletion not yet snapshotted. */
  public static final class Entry {
    final Object key;
    final int keyGroup;
    Object value;
    long epoch = -1;

    Entry(Object key, int keyGroup) {
      this.key = key;
      this.keyGroup = keyGroup;
    }

    public Object key() {
      return key;
    }

    public int keyGroup() {
      return keyGroup;
    }

    public Object value() {
      return value;
    }
  }

  private final StateSpec<?> spec;
  private final KeyGroupRange range;
  private final HashMap<Object, Entry>[] byKeyGroup;
  private ArrayList<Entry> dirty = new ArrayList<>();
  private long epoch;
  /**
   * The entry of the last key looked up: a process function usually reads then writes the
   * same key (same object), so the write skips the second hash lookup.
   */
  private Entry last;
  private Object lastKey;
  /** Keys with a value. */
  private long live;

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

  /** The value of {@code key}, or {@code null}. */
  public Object get(Object key, int keyGroup) {
    Entry e = last;
    if (e != null && lastKey == key) {
      return e.value;
    }
    HashMap<Object, Entry> m = byKeyGroup[keyGroup - range.start()];
    if (m == null) {
      return null;
    }
    e = m.get(key);
    if (e != null) {
      last = e;
      lastKey = key;
    }
    return e == null ? null : e.value;
  }

  private Entry entryForWrite(Object key, int keyGroup) {
    Entry cached = last;
    if (cached != null && lastKey == key) {
      markDirty(cached);
      return cached;
    }
    int i = keyGroup - range.start();
    HashMap<Object, Entry> m = byKeyGroup[i];
    if (m == null) {
      m = new HashMap<>();
      byKeyGroup[i] = m;
    }
    Entry e = m.get(key);
    if (e == null) {
      e = new Entry(key, keyGroup);
      m.put(key, e);
    }
    markDirty(e);
    last = e;
    lastKey = key;
    return e;
  }

  private void markDirty(Entry e) {
    if (e.epoch != epoch) {
      e.epoch = epoch;
      dirty.add(e);
    }
  }

  /** Sets the value of {@code key}. */
  public void put(Object key, int keyGroup, Object value) {
    Entry e = entryForWrite(key, keyGroup);
    if (e.value == null) {
      live++;
    }
    e.value = value;
  }

  /** Marks {@code key}'s value as changed in place (a list or map state mutated). */
  public void touch(Object key, int keyGroup) {
    entryForWrite(key, keyGroup);
  }

  /** Deletes the value of {@code key}; the deletion is recorded for the next delta. */
  public void remove(Object key, int keyGroup) {
    HashMap<Object, Entry> m = byKeyGroup[keyGroup - range.start()];
    Entry e = m == null ? null : m.get(key);
    if (e != null && e.value != null) {
      e.value = null;
      live--;
      markDirty(e);
    }
  }

  /**
   * Puts a restored value without marking it changed: it is already in the checkpoint
   * chain the next delta builds on.
   */
  public void restore(Object key, int keyGroup, Object value) {
    int i = keyGroup - range.start();
    HashMap<Object, Entry> m = byKeyGroup[i];
    if (m == null) {
      m = new HashMap<>();
      byKeyGroup[i] = m;
    }
    last = null;
    lastKey = null;
    if (value == null) {
      Entry gone = m.remove(key);
      if (gone != null && gone.value != null) {
        live--;
      }
    } else {
      Entry e = m.computeIfAbsent(key, k -> new Entry(k, keyGroup));
      if (e.value == null) {
        live++;
      }
      e.value = value;
    }
  }

  /**
   * Takes the entries changed since the previous call and starts a new epoch; deleted
   * entries leave the table. The caller copies what it needs from the entries before the
   * task thread changes them again.
   */
  public List<Entry> takeChanges() {
    last = null; // deleted entries leave the map below
    lastKey = null;
    List<Entry> changes = dirty;
    dirty = new ArrayList<>(Math.max(16, changes.size()));
    epoch++;
    for (Entry e : changes) {
      if (e.value == null) {
        HashMap<Object, Entry> m = byKeyGroup[e.keyGroup - range.start()];
        if (m.get(e.key) == e) {
          m.remove(e.key);
        }
      }
    }
    return changes;
  }

  /** Marks every live entry as changed (the next snapshot is a full one). */
  public void markAllDirty() {
    for (HashMap<Object, Entry> m : byKeyGroup) {
      if (m != null) {
        for (Entry e : m.values()) {
          markDirty(e);
        }
      }
    }
  }

  /** Entries changed since the last snapshot. */
  public int changedCount() {
    return dirty.size();
  }

  /** The live values of one key group (for tests and exports); a copy. */
  public Map<Object, Object> entries(int keyGroup) {
    Map<Object, Object> out = new HashMap<>();
    HashMap<Object, Entry> m = byKeyGroup[keyGroup - range.start()];
    if (m != null) {
      for (Iterator<Entry> it = m.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.value != null) {
          out.put(e.key, e.value);
        }
      }
    }
    return out;
  }

  /** Number of keys with a value. */
  public long size() {
    return live;
  }
}
