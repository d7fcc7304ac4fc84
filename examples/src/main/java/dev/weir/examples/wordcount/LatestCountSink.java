package dev.weir.examples.wordcount;

import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the latest count of each word in memory; staged updates become visible when they
 * are committed (two-phase, like every Weir sink).
 */
public final class LatestCountSink implements Sink<KV<String, Long>> {
  private final Map<String, Long> committed = new HashMap<>();
  private final Map<String, Map<String, Long>> prepared = new HashMap<>();

  /** The committed counts, sorted by word. */
  public synchronized TreeMap<String, Long> counts() {
    return new TreeMap<>(committed);
  }

  @Override
  public SinkWriter<KV<String, Long>, String> createWriter(SinkContext context) {
    String prefix = context.subtaskIndex() + "/" + context.attempt() + "/";
    return new SinkWriter<>() {
      private Map<String, Long> staged = new HashMap<>();

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
        String id = prefix + checkpointId;
        synchronized (LatestCountSink.this) {
          prepared.put(id, staged);
        }
        staged = new HashMap<>();
        return id;
      }

      @Override
      public void commit(String id) {
        synchronized (LatestCountSink.this) {
          Map<String, Long> m = prepared.remove(id);
          if (m != null) {
            committed.putAll(m);
          }
        }
      }
    };
  }
}
