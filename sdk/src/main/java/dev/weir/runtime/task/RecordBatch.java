package dev.weir.runtime.task;

/**
 * Records moved between subtasks as one unit, so threads hand off hundreds of records per
 * synchronization instead of one. Keyed exchanges fill in each record's key and key group,
 * so the receiver does not compute them again.
 *
 * <p>Owned by one thread at a time: filled by the producer, then handed over whole.
 */
public final class RecordBatch implements ChannelEvent {
  private final Object[] values;
  private final Object[] keys;
  private final int[] keyGroups;
  private final long[] timestamps;
  private int size;

  public RecordBatch(int capacity, boolean keyed) {
    this.values = new Object[capacity];
    this.timestamps = new long[capacity];
    this.keys = keyed ? new Object[capacity] : null;
    this.keyGroups = keyed ? new int[capacity] : null;
  }

  /** Appends a record; returns whether the batch is now full. */
  public boolean add(Object value, long timestamp) {
    values[size] = value;
    timestamps[size] = timestamp;
    return ++size == values.length;
  }

  /** Appends a keyed record; returns whether the batch is now full. */
  public boolean add(Object value, long timestamp, Object key, int keyGroup) {
    keys[size] = key;
    keyGroups[size] = keyGroup;
    return add(value, timestamp);
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public Object value(int i) {
    return values[i];
  }

  public long timestamp(int i) {
    return timestamps[i];
  }

  /** The key of record {@code i}, or {@code null} in an unkeyed batch. */
  public Object key(int i) {
    return keys == null ? null : keys[i];
  }

  /** The key group of record {@code i}, or -1 in an unkeyed batch. */
  public int keyGroup(int i) {
    return keyGroups == null ? -1 : keyGroups[i];
  }

  @Override
  public String toString() {
    return "RecordBatch(" + size + ")";
  }
}
