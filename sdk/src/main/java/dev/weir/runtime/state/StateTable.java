package dev.weir.runtime.state;

import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one declared state of one subtask, by key, with change tracking for
 * incremental checkpoints: every entry written since the last snapshot is on the dirty list
 * exactly once (an epoch stamp on the entry avoids a set lookup per write). For list and map
 * state the value is the runtime-owned {@code ArrayList}/{@code HashMap}.
 *
 * <p>The table is an open-addressing hash table (linear probing, backward-shift deletion) of
 * {@link Entry} objects that carry their key's hash: a lookup reads the slot, the entry and
 * the key, with no separate map node. A {@code ValueState<Long>} (value coder
 * {@link Types#LONG}) keeps its values as primitive {@code long}s in the entries, so no boxed
 * value is retained per key. The key group of each entry is kept for snapshots.
 *
 * <p>Not thread-safe: used by the task thread only.
 *
 * <p>About 430 lines, kept in one class on purpose: the probing, the change list and the
 * primitive-long values share the slot array and the entry layout on the per-record path, and
 * splitting them would add a call and an indirection per state access that the JIT does not
 * always remove (see docs/performance-notes.md).
 */
public final class StateTable {

  /** One key's value; a value of {@code null} marks a deletion not yet snapshotted. */
  public static final class Entry {
    final Object key;
    final int hash;
    final int keyGroup;
    /** The value; for a primitive long table {@link #LONG_PRESENT} while the key has a value. */
    Object value;
    long longValue;
    long epoch = -1;

    Entry(Object key, int hash, int keyGroup) {
      this.key = key;
      this.hash = hash;
      this.keyGroup = keyGroup;
    }

    /** The key. */
    public Object key() {
      return key;
    }

    /** The key group of the key. */
    public int keyGroup() {
      return keyGroup;
    }

    /** The value (boxed for a primitive long table), or {@code null} once deleted. */
    public Object value() {
      Object v = value;
      return v == LONG_PRESENT ? Long.valueOf(longValue) : v;
    }

    /** Whether the key has a value (a deleted entry has none). */
    public boolean live() {
      return value != null;
    }

    /** The primitive value of an entry of a {@link StateTable#isLongValued() long} table. */
    public long longValue() {
      return longValue;
    }
  }

  /** The {@code value} of a live entry of a primitive long table. */
  private static final Object LONG_PRESENT = new Object();
  /** {@link #lastKey} when no entry is remembered. */
  private static final Object NO_KEY = new Object();
  private static final int MIN_CAPACITY = 16;

  private final StateSpec<?> spec;
  private final KeyGroupRange range;
  private final boolean longValued;
  private Entry[] slots = new Entry[MIN_CAPACITY];
  /** Entries in {@link #slots} (live ones and deletions not yet snapshotted). */
  private int occupied;
  private int resizeAt = threshold(MIN_CAPACITY);
  private ArrayList<Entry> dirty = new ArrayList<>();
  private long epoch;
  /**
   * The entry of the last key looked up: a process function usually reads then writes the
   * same key (same object), so the write skips the second lookup. When there is none,
   * {@link #lastKey} is {@link #NO_KEY}, which no key is identical to: the hot path tests one
   * identity and never meets a null here, so a snapshot that forgets the entry does not take the
   * JIT's compiled record path down a branch it has not seen.
   */
  private Entry last;
  private Object lastKey = NO_KEY;
  /** Keys with a value. */
  private long live;

  public StateTable(StateSpec<?> spec, KeyGroupRange range) {
    this.spec = spec;
    this.range = range;
    this.longValued = spec.kind() == StateSpec.Kind.VALUE && spec.valueCoder() == Types.LONG;
  }

  public StateSpec<?> spec() {
    return spec;
  }

  public KeyGroupRange range() {
    return range;
  }

  /** Whether values are kept as primitive longs ({@code ValueState<Long>}). */
  public boolean isLongValued() {
    return longValued;
  }

  private static int threshold(int capacity) {
    return capacity / 2 + capacity / 4; // load factor 0.75 at most
  }

  /** Mixes the hash so that the low bits, which pick the slot, depend on all of its bits. */
  private static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }

  private Entry find(Object key, int hash) {
    Entry[] s = slots;
    int mask = s.length - 1;
    int i = spread(hash) & mask;
    Entry e;
    while ((e = s[i]) != null) {
      if (e.hash == hash && (e.key == key || e.key.equals(key))) {
        return e;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  private Entry lookup(Object key) {
    if (lastKey == key) {
      return last;
    }
    Entry e = find(key, key.hashCode());
    if (e != null) {
      last = e;
      lastKey = key;
    }
    return e;
  }

  /** The value of {@code key}, or {@code null}. */
  public Object get(Object key, int keyGroup) {
    Entry e = lookup(key);
    return e == null ? null : e.value();
  }

  /** Whether {@code key} has a value. */
  public boolean contains(Object key) {
    Entry e = lookup(key);
    return e != null && e.value != null;
  }

  /** The value of {@code key} in a primitive long table, or {@code absent}. */
  public long getLong(Object key, long absent) {
    Entry e = lookup(key);
    return e == null || e.value == null ? absent : e.longValue;
  }

  private Entry entryForWrite(Object key, int keyGroup) {
    if (lastKey == key) {
      Entry cached = last;
      markDirty(cached);
      return cached;
    }
    int hash = key.hashCode();
    Entry e = find(key, hash);
    if (e == null) {
      e = insert(key, hash, keyGroup);
    }
    markDirty(e);
    last = e;
    lastKey = key;
    return e;
  }

  private void forgetLast() {
    last = null;
    lastKey = NO_KEY;
  }

  private Entry insert(Object key, int hash, int keyGroup) {
    if (occupied >= resizeAt) {
      resize(slots.length * 2);
    }
    Entry e = new Entry(key, hash, keyGroup);
    place(slots, e);
    occupied++;
    return e;
  }

  private static void place(Entry[] s, Entry e) {
    int mask = s.length - 1;
    int i = spread(e.hash) & mask;
    while (s[i] != null) {
      i = (i + 1) & mask;
    }
    s[i] = e;
  }

  private void resize(int capacity) {
    Entry[] old = slots;
    Entry[] s = new Entry[capacity];
    for (Entry e : old) {
      if (e != null) {
        place(s, e);
      }
    }
    slots = s;
    resizeAt = threshold(capacity);
  }

  /** Makes room for {@code entries} entries in all without growing again (before a restore). */
  public void ensureCapacity(long entries) {
    long needed = Math.max(entries, occupied);
    int capacity = slots.length;
    while (threshold(capacity) < needed && capacity < (1 << 30)) {
      capacity *= 2;
    }
    if (capacity != slots.length) {
      resize(capacity);
    }
  }

  /** Takes {@code e} out of the slots, shifting later entries of its probe run back. */
  private void unlink(Entry e) {
    Entry[] s = slots;
    int mask = s.length - 1;
    int i = spread(e.hash) & mask;
    while (s[i] != e) {
      if (s[i] == null) {
        return; // not in the table
      }
      i = (i + 1) & mask;
    }
    occupied--;
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      Entry next = s[j];
      if (next == null) {
        break;
      }
      int home = spread(next.hash) & mask;
      // next may move into the hole when its home is not cyclically within (hole, j].
      if (hole <= j ? (home <= hole || home > j) : (home <= hole && home > j)) {
        s[hole] = next;
        hole = j;
      }
    }
    s[hole] = null;
  }

  private void markDirty(Entry e) {
    if (e.epoch != epoch) {
      e.epoch = epoch;
      dirty.add(e);
    }
  }

  /** Sets the value of {@code key} (a {@code Long} in a primitive long table). */
  public void put(Object key, int keyGroup, Object value) {
    if (longValued) {
      putLong(key, keyGroup, (Long) value);
      return;
    }
    Entry e = entryForWrite(key, keyGroup);
    if (e.value == null) {
      live++;
    }
    e.value = value;
  }

  /** Sets the value of {@code key} in a primitive long table. */
  public void putLong(Object key, int keyGroup, long value) {
    Entry e = entryForWrite(key, keyGroup);
    if (e.value == null) {
      live++;
      e.value = LONG_PRESENT;
    }
    e.longValue = value;
  }

  /** Marks {@code key}'s value as changed in place (a list or map state mutated). */
  public void touch(Object key, int keyGroup) {
    entryForWrite(key, keyGroup);
  }

  /** Deletes the value of {@code key}; the deletion is recorded for the next delta. */
  public void remove(Object key, int keyGroup) {
    Entry e = lookup(key);
    if (e != null && e.value != null) {
      e.value = null;
      live--;
      markDirty(e);
    }
  }

  /**
   * Puts a restored value without marking it changed: it is already in the checkpoint
   * chain the next delta builds on. {@code null} deletes the key.
   */
  public void restore(Object key, int keyGroup, Object value) {
    forgetLast();
    int hash = key.hashCode();
    Entry e = find(key, hash);
    if (value == null) {
      if (e != null) {
        if (e.value != null) {
          live--;
        }
        unlink(e);
      }
      return;
    }
    if (e == null) {
      e = insert(key, hash, keyGroup);
    }
    if (e.value == null) {
      live++;
    }
    if (longValued) {
      e.value = LONG_PRESENT;
      e.longValue = (Long) value;
    } else {
      e.value = value;
    }
  }

  /** {@link #restore} of a live value of a primitive long table, without boxing. */
  public void restoreLong(Object key, int keyGroup, long value) {
    if (!longValued) {
      restore(key, keyGroup, value);
      return;
    }
    forgetLast();
    int hash = key.hashCode();
    Entry e = find(key, hash);
    if (e == null) {
      e = insert(key, hash, keyGroup);
    }
    if (e.value == null) {
      live++;
      e.value = LONG_PRESENT;
    }
    e.longValue = value;
  }

  /**
   * Takes the entries changed since the previous call and starts a new epoch; deleted
   * entries leave the table. The caller copies what it needs from the entries before the
   * task thread changes them again.
   */
  public List<Entry> takeChanges() {
    forgetLast(); // deleted entries leave the table below
    List<Entry> changes = dirty;
    dirty = new ArrayList<>(Math.max(16, changes.size()));
    epoch++;
    for (Entry e : changes) {
      if (e.value == null) {
        unlink(e);
      }
    }
    return changes;
  }

  /**
   * The changes of a primitive long table with their values copied in the same pass:
   * {@code live[i]} says whether {@code entries.get(i)} had a value, {@code values[i]} which.
   */
  public record LongChanges(List<Entry> entries, long[] values, boolean[] live, int liveCount) {
  }

  /** {@link #takeChanges()} of a primitive long table, copying the values as it goes. */
  public LongChanges takeLongChanges() {
    forgetLast();
    List<Entry> changes = dirty;
    int n = changes.size();
    dirty = new ArrayList<>(Math.max(16, n));
    epoch++;
    long[] values = new long[n];
    boolean[] liveFlags = new boolean[n];
    int liveCount = 0;
    for (int i = 0; i < n; i++) {
      Entry e = changes.get(i);
      if (e.value == null) {
        unlink(e);
      } else {
        liveFlags[i] = true;
        values[i] = e.longValue;
        liveCount++;
      }
    }
    return new LongChanges(changes, values, liveFlags, liveCount);
  }

  /** Marks every live entry as changed (the next snapshot is a full one). */
  public void markAllDirty() {
    for (Entry e : slots) {
      if (e != null) {
        markDirty(e);
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
    for (Entry e : slots) {
      if (e != null && e.keyGroup == keyGroup && e.value != null) {
        out.put(e.key, e.value());
      }
    }
    return out;
  }

  /** Number of keys with a value. */
  public long size() {
    return live;
  }
}
