package dev.weir.examples.bench;

import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keyed-count workload's sink: keeps the latest running sum of each key, with two-phase
 * commit (updates become visible when their checkpoint completes), so the harness can check
 * that the final sums add up to exactly N.
 *
 * <p>Each key has one {@link Slot} for the life of the sink (across restarts). A record lists
 * its slot in the writer's current {@link Interval} (the first time in that interval) and
 * writes its value there; the barrier hands the interval over as the prepared batch in O(1)
 * and starts a new one; the commit copies the batch's values into the slots' committed
 * values. So a record costs one hash lookup and two array stores, a barrier costs nothing per
 * key, and a commit costs work proportional to the keys that changed.
 */
public final class SummingSink implements Sink<KV<String, Long>> {

  /** One key's values. */
  private static final class Slot {
    /** The latest committed value, 0 when none (sums are at least 1). */
    long committed;
    /**
     * The id of the interval this slot is listed in, and its index there. An id rather than a
     * reference: a long-lived slot never points at a young interval, so marking a slot after
     * each barrier leaves no old-to-young reference for the young collector to scan.
     */
    long listedIn = -1;
    int index;
  }

  /**
   * The keys that changed in one checkpoint interval of one writer and their latest values:
   * a record writes its value straight into {@code values}, so the barrier hands the arrays
   * over without copying.
   */
  private static final class Interval {
    final long id;
    Slot[] slots;
    long[] values;
    int size;

    Interval(long id, int capacity) {
      this.id = id;
      this.slots = new Slot[capacity];
      this.values = new long[capacity];
    }

    void set(Slot s, long value) {
      if (s.listedIn != id) {
        if (size == slots.length) {
          slots = java.util.Arrays.copyOf(slots, size * 2);
          values = java.util.Arrays.copyOf(values, size * 2);
        }
        s.listedIn = id;
        s.index = size;
        slots[size++] = s;
      }
      values[s.index] = value;
    }
  }

  /** Ids of intervals, unique across the writers of this sink. */
  private final java.util.concurrent.atomic.AtomicLong intervalIds = new java.util.concurrent.atomic.AtomicLong();

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final Map<String, Interval> prepared = new ConcurrentHashMap<>();

  /** The sum of the committed latest value of every key; call after the job ended. */
  public long total() {
    long t = 0;
    for (Slot s : slots.values()) {
      t += s.committed;
    }
    return t;
  }

  /** Number of keys with a committed value; call after the job ended. */
  public int keys() {
    int n = 0;
    for (Slot s : slots.values()) {
      if (s.committed != 0) {
        n++;
      }
    }
    return n;
  }

  @Override
  public SinkWriter<KV<String, Long>, String> createWriter(SinkContext context) {
    String prefix = System.identityHashCode(this) + "/" + context.subtaskIndex() + "/" + context.attempt() + "/";
    return new SinkWriter<>() {
      private Interval current = new Interval(intervalIds.getAndIncrement(), 1024);

      @Override
      public Coder<String> committableCoder() {
        return Types.STRING;
      }

      @Override
      public void write(KV<String, Long> value, long timestamp) {
        Slot s = slots.get(value.key());
        if (s == null) {
          s = slots.computeIfAbsent(value.key(), k -> new Slot());
        }
        current.set(s, value.value());
      }

      @Override
      public String prepareCommit(long checkpointId) {
        if (current.size == 0) {
          return null;
        }
        String id = prefix + checkpointId;
        prepared.put(id, current);
        // The next interval likely changes as many keys: start at that size, not from 1024.
        current = new Interval(intervalIds.getAndIncrement(), Math.max(1024, current.size));
        return id;
      }

      @Override
      public void commit(String id) {
        Interval done = prepared.remove(id);
        if (done != null) {
          for (int i = 0; i < done.size; i++) {
            done.slots[i].committed = done.values[i];
          }
        }
      }

      @Override
      public void abort() {
        current = new Interval(intervalIds.getAndIncrement(), 1024);
      }
    };
  }
}
