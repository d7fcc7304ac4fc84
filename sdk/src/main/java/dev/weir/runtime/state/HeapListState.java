package dev.weir.runtime.state;

import dev.weir.sdk.state.ListState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

final class HeapListState<T> implements ListState<T> {
  private final HeapKeyedStateBackend backend;
  private final StateTable table;

  HeapListState(HeapKeyedStateBackend backend, StateTable table) {
    this.backend = backend;
    this.table = table;
  }

  @SuppressWarnings("unchecked")
  private ArrayList<T> current() {
    return (ArrayList<T>) table.get(backend.currentKey(), backend.currentKeyGroup());
  }

  private ArrayList<T> currentOrNew() {
    ArrayList<T> list = current();
    if (list == null) {
      list = new ArrayList<>(4);
      table.put(backend.currentKey(), backend.currentKeyGroup(), list);
    }
    return list;
  }

  @Override
  public List<T> get() {
    ArrayList<T> list = current();
    return list == null ? List.of() : Collections.unmodifiableList(list);
  }

  @Override
  public void add(T value) {
    Objects.requireNonNull(value, "ListState does not hold nulls");
    currentOrNew().add(value);
    table.touch(backend.currentKey(), backend.currentKeyGroup());
  }

  @Override
  public void addAll(Iterable<? extends T> values) {
    ArrayList<T> list = currentOrNew();
    for (T v : values) {
      list.add(Objects.requireNonNull(v, "ListState does not hold nulls"));
    }
    table.touch(backend.currentKey(), backend.currentKeyGroup());
  }

  @Override
  public void update(List<? extends T> values) {
    if (values.isEmpty()) {
      clear();
      return;
    }
    ArrayList<T> list = new ArrayList<>(values.size());
    for (T v : values) {
      list.add(Objects.requireNonNull(v, "ListState does not hold nulls"));
    }
    table.put(backend.currentKey(), backend.currentKeyGroup(), list);
  }

  @Override
  public void clear() {
    table.remove(backend.currentKey(), backend.currentKeyGroup());
  }
}
