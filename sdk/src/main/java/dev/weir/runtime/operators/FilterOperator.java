package dev.weir.runtime.operators;

import dev.weir.sdk.fn.FilterFn;

/** Runs a {@link FilterFn}. */
public final class FilterOperator extends AbstractOperator {
  private final FilterFn<Object> fn;

  @SuppressWarnings("unchecked")
  public FilterOperator(FilterFn<?> fn) {
    this.fn = (FilterFn<Object>) fn;
  }

  @Override
  public void processRecord(Object value, long timestamp, Object key, int keyGroup) {
    boolean keep;
    try {
      keep = fn.test(value);
    } catch (RuntimeException | Error e) {
      throw userFailure(e);
    }
    if (keep) {
      output.emit(value, timestamp);
    }
  }
}
