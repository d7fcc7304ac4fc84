package dev.weir.runtime.state;

import dev.weir.sdk.state.ValueState;

final class HeapValueState<T> implements ValueState<T> {
  private final HeapKeyedStateBackend backend;
  private final StateTable table;

  HeapValueState(HeapKeyedStateBackend backend, StateTable table) {
    this.backend = backend;
    this.table = table;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T value() {
    return (T) table.get(backend.currentKey(), backend.currentKeyGroup());
  }

  @Override
  public void update(T value) {
    if (value == null) {
      clear();
    } else {
      table.put(backend.currentKey(), backend.currentKeyGroup(), value);
    }
  }

  @Override
  public void clear() {
    table.remove(backend.currentKey(), backend.currentKeyGroup());
  }
}
