package dev.weir.testsupport;

import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;

/** A sink that discards everything, for planner tests. */
public final class NoSink<T> implements Sink<T> {
  @Override
  public SinkWriter<T, String> createWriter(SinkContext context) {
    return new SinkWriter<>() {
      @Override
      public Coder<String> committableCoder() {
        return Types.STRING;
      }

      @Override
      public void write(T value, long timestamp) {
      }

      @Override
      public String prepareCommit(long checkpointId) {
        return null;
      }

      @Override
      public void commit(String committable) {
      }
    };
  }
}
