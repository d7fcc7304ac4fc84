package dev.weir.examples.bench;

import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keyed-count workload's sink: keeps the latest running sum of each key, with two-phase
 * commit (updates become visible when their checkpoint completes), so the harness can check
 * that the final sums add up to exactly N.
 */
public final class SummingSink implements Sink<KV<String, Long>> {
  private final Map<String, Long> committed = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> prepared = new ConcurrentHashMap<>();

  /** The sum of the committed latest value of every key. */
  public long total() {
    long t = 0;
    for (long v : committed.values()) {
      t += v;
    }
    return t;
  }

  /** Number of keys with a committed value. */
  public int keys() {
    return committed.size();
  }

  @Override
  public SinkWriter<KV<String, Long>, String> createWriter(SinkContext context) {
    String prefix = System.identityHashCode(this) + "/" + context.subtaskIndex() + "/" + context.attempt() + "/";
    return new SinkWriter<>() {
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
        staged = new HashMap<>();
        return id;
      }

      @Override
      public void commit(String id) {
        Map<String, Long> m = prepared.remove(id);
        if (m != null) {
          committed.putAll(m);
        }
      }

      @Override
      public void abort() {
        staged = new HashMap<>();
      }
    };
  }
}
