package dev.weir.examples.bench;

import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keyed-count workload's sink: keeps the latest running sum of each key, with two-phase
 * commit (updates become visible when their checkpoint completes), so the harness can check
 * that the final sums add up to exactly N. Staging maps are recycled after their commit, so
 * a checkpoint does not make the sink rebuild its maps.
 */
public final class SummingSink implements Sink<KV<String, Long>> {
  /** Guarded by itself; written once per commit, read at the end. */
  private final HashMap<String, Long> committed = new HashMap<>();
  private final Map<String, HashMap<String, Long>> prepared = new ConcurrentHashMap<>();

  /** The sum of the committed latest value of every key. */
  public long total() {
    long t = 0;
    synchronized (committed) {
      for (long v : committed.values()) {
        t += v;
      }
    }
    return t;
  }

  /** Number of keys with a committed value. */
  public int keys() {
    synchronized (committed) {
      return committed.size();
    }
  }

  @Override
  public SinkWriter<KV<String, Long>, String> createWriter(SinkContext context) {
    String prefix = System.identityHashCode(this) + "/" + context.subtaskIndex() + "/" + context.attempt() + "/";
    return new SinkWriter<>() {
      private final ArrayDeque<HashMap<String, Long>> spare = new ArrayDeque<>();
      private HashMap<String, Long> staged = new HashMap<>();

      @Override
      public Coder<String> committableCoder() {
        return Types.STRING;
      }

      @Override
      public void write(KV<String, Long> value, long timestamp) {
        staged.put(value.key(), value.value());
      }

      @Override
      public String prepareCommit(long checkpointId) {
        if (staged.isEmpty()) {
          return null;
        }
        String id = prefix + checkpointId;
        prepared.put(id, staged);
        HashMap<String, Long> next;
        synchronized (spare) {
          next = spare.poll();
        }
        staged = next != null ? next : new HashMap<>();
        return id;
      }

      @Override
      public void commit(String id) {
        HashMap<String, Long> m = prepared.remove(id);
        if (m != null) {
          synchronized (committed) {
            committed.putAll(m);
          }
          m.clear();
          synchronized (spare) {
            spare.push(m);
          }
        }
      }

      @Override
      public void abort() {
        staged.clear();
      }
    };
  }
}
