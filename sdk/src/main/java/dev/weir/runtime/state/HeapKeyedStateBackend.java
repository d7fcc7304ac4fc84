package dev.weir.runtime.state;

import dev.weir.sdk.state.State;
import dev.weir.sdk.state.StateSpec;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyed state of one subtask of one step, on the heap: one {@link StateTable} per
 * declared {@link StateSpec}, and the current key that state handles are scoped to.
 *
 * <p>Not thread-safe: used by the task thread only.
 */
public final class HeapKeyedStateBackend {
  private final String stepName;
  private final KeyGroupRange range;
  private final Map<String, StateTable> tables = new LinkedHashMap<>();
  private final Map<StateSpec<?>, State> handles = new IdentityHashMap<>();
  /** The declared specs and their handles, for a lookup by identity without hashing. */
  private StateSpec<?>[] specArray = new StateSpec<?>[0];
  private State[] handleArray = new State[0];
  private Object currentKey;
  private int currentKeyGroup = -1;

  public HeapKeyedStateBackend(String stepName, KeyGroupRange range, List<StateSpec<?>> specs) {
    this.stepName = stepName;
    this.range = range;
    for (StateSpec<?> spec : specs) {
      StateTable table = new StateTable(spec, range);
      tables.put(spec.name(), table);
      handles.put(spec, createHandle(spec, table));
    }
    specArray = handles.keySet().toArray(new StateSpec<?>[0]);
    handleArray = new State[specArray.length];
    for (int i = 0; i < specArray.length; i++) {
      handleArray[i] = handles.get(specArray[i]);
    }
  }

  private State createHandle(StateSpec<?> spec, StateTable table) {
    return switch (spec.kind()) {
      case VALUE -> new HeapValueState<>(this, table);
      case LIST -> new HeapListState<>(this, table);
      case MAP -> new HeapMapState<>(this, table);
    };
  }

  /** Scopes state handles to {@code key}, which lies in {@code keyGroup}. */
  public void setCurrentKey(Object key, int keyGroup) {
    if (!range.contains(keyGroup)) {
      throw new IllegalStateException("step '" + stepName + "': key group " + keyGroup
          + " is not in this subtask's range " + range);
    }
    this.currentKey = key;
    this.currentKeyGroup = keyGroup;
  }

  public Object currentKey() {
    return currentKey;
  }

  public int currentKeyGroup() {
    return currentKeyGroup;
  }

  /** The handle of a declared spec. */
  @SuppressWarnings("unchecked")
  public <S extends State> S state(StateSpec<S> spec) {
    StateSpec<?>[] specs = specArray;
    for (int i = 0; i < specs.length; i++) {
      if (specs[i] == spec) {
        return (S) handleArray[i];
      }
    }
    State s = handles.get(spec);
    if (s == null) {
      StateTable byName = tables.get(spec.name());
      if (byName != null && byName.spec().kind() == spec.kind()) {
        // An equal declaration created twice (e.g. not a static final field): same state.
        s = handles.get(byName.spec());
      } else {
        throw new IllegalArgumentException("step '" + stepName + "' uses state '" + spec.name()
            + "' that its function does not declare; add it to stateSpecs()");
      }
    }
    return (S) s;
  }

  public KeyGroupRange keyGroupRange() {
    return range;
  }

  /** The tables by state name, in declaration order. */
  public Map<String, StateTable> tables() {
    return tables;
  }

  /** Live entries over all tables. */
  public long totalEntries() {
    long n = 0;
    for (StateTable t : tables.values()) {
      n += t.size();
    }
    return n;
  }
}
