package dev.weir.runtime.operators;

/** Forwards records unchanged: a union's merge point or a side output's selector. */
public final class PassThroughOperator extends AbstractOperator {
  @Override
  public void processRecord(Object value, long timestamp, Object key, int keyGroup) {
    output.emit(value, timestamp);
  }
}
