package dev.weir.runtime.operators;

import dev.weir.sdk.OutputTag;
import dev.weir.sdk.fn.ProcessFn;

/** Runs an unkeyed {@link ProcessFn}. */
public final class ProcessOperator extends AbstractOperator implements ProcessFn.Context<Object> {
  private final ProcessFn<Object, Object> fn;
  private long timestamp;

  @SuppressWarnings("unchecked")
  public ProcessOperator(ProcessFn<?, ?> fn) {
    this.fn = (ProcessFn<Object, Object>) fn;
  }

  @Override
  public void processRecord(Object value, long timestamp, Object key, int keyGroup) {
    this.timestamp = timestamp;
    try {
      fn.processElement(value, this);
    } catch (RuntimeException | Error e) {
      throw userFailure(e);
    }
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public void output(Object value) {
    output.emit(value, timestamp);
  }

  @Override
  public <X> void output(OutputTag<X> tag, X value) {
    output.emitSide(tag, value, timestamp);
  }
}
