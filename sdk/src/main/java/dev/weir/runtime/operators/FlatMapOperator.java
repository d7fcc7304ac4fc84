package dev.weir.runtime.operators;

import dev.weir.sdk.fn.FlatMapFn;

/** Runs a {@link FlatMapFn}. */
public final class FlatMapOperator extends AbstractOperator {
  private final FlatMapFn<Object, Object> fn;

  @SuppressWarnings("unchecked")
  public FlatMapOperator(FlatMapFn<?, ?> fn) {
    this.fn = (FlatMapFn<Object, Object>) fn;
  }

  @Override
  public void processRecord(Object value, long timestamp, Object key, int keyGroup) {
    Iterable<Object> out;
    try {
      out = fn.apply(value);
      if (out == null) {
        throw new NullPointerException("the flatMap function returned null");
      }
    } catch (RuntimeException | Error e) {
      throw userFailure(e);
    }
    for (Object o : out) {
      output.emit(o, timestamp);
    }
  }
}
