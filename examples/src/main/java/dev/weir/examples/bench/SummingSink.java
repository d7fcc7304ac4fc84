package dev.weir.examples.bench;

import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keyed-count workload's sink: keeps the latest running sum of each key, with two-phase
 * commit (updates become visible when their checkpoint completes), so the harness can check
 * that the final sums add up to exactly N.
 *
 * <p>Each key has one {@link Slot} for the life of the sink (across restarts): a record sets
 * the slot's staged value and, the first time in a checkpoint interval, lists the slot as
 * changed. A checkpoint captures the changed slots' staged values; the commit copies them into
 * the slots' committed values. So a record costs one hash lookup and a checkpoint costs work
 * proportional to the keys that changed, without rebuilding maps.
 */
public final class SummingSink implements Sink<KV<String, Long>> {

  /** One key's values. */
  private static final class Slot {
    /** The latest value written, not yet part of a checkpoint; the writer's thread only. */
    long staged;
    /** The latest committed value, 0 when none (sums are at least 1). */
    long committed;
    /** The changed-list this slot is in, by identity: listed once per interval. */
    Object listedIn;
  }

  /** What one prepared checkpoint commits: slots and their values at the barrier. */
  private record Batch(Slot[] slots, long[] values) {
  }

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final Map<String, Batch> prepared = new ConcurrentHashMap<>();

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
      private List<Slot> changed = new ArrayList<>();

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
        s.staged = value.value();
        if (s.listedIn != changed) {
          s.listedIn = changed;
          changed.add(s);
        }
      }

      @Override
      public String prepareCommit(long checkpointId) {
        if (changed.isEmpty()) {
          return null;
        }
        Slot[] batch = changed.toArray(new Slot[0]);
        long[] values = new long[batch.length];
        for (int i = 0; i < batch.length; i++) {
          values[i] = batch[i].staged;
        }
        String id = prefix + checkpointId;
        prepared.put(id, new Batch(batch, values));
        changed = new ArrayList<>(batch.length);
        return id;
      }

      @Override
      public void commit(String id) {
        Batch b = prepared.remove(id);
        if (b != null) {
          for (int i = 0; i < b.slots.length; i++) {
            b.slots[i].committed = b.values[i];
          }
        }
      }

      @Override
      public void abort() {
        changed = new ArrayList<>();
      }
    };
  }
}
