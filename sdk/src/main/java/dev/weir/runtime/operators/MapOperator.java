package dev.weir.runtime.operators;

import dev.weir.sdk.fn.MapFn;

/** Runs a {@link MapFn}. */
public final class MapOperator extends AbstractOperator {
  private final MapFn<Object, Object> fn;

  @SuppressWarnings("unchecked")
  public MapOperator(MapFn<?, ?> fn) {
    this.fn = (MapFn<Object, Object>) fn;
  }

  @Override
  public void processRecord(Object value, long timestamp, Object key, int keyGroup) {
    Object out;
    try {
      out = fn.apply(value);
      if (out == null) {
        throw new NullPointerException("the map function returned null");
      }
    } catch (RuntimeException | Error e) {
      throw userFailure(e);
    }
    output.emit(out, timestamp);
  }
}
