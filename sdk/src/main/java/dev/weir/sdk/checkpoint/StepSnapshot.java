package dev.weir.sdk.checkpoint;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one step (identified by its stable name) contributed to a checkpoint.
 *
 * @param stepName the step's name in the pipeline; never empty
 * @param keyed the keyed state, one entry per key-group range (ranges do not overlap)
 * @param operatorState per-subtask state: operator state, source positions, sink commits
 * @param stateSchemas for each declared state of the step, its name → the Avro writer schema
 *     (JSON) of its values; iterated in name order
 */
public record StepSnapshot(
    String stepName,
    List<KeyedStateHandles> keyed,
    List<OperatorStateHandle> operatorState,
    Map<String, String> stateSchemas) {

  /** Validates the fields and copies the collections into unmodifiable ones. */
  public StepSnapshot {
    Objects.requireNonNull(stepName, "stepName");
    Objects.requireNonNull(keyed, "keyed");
    Objects.requireNonNull(operatorState, "operatorState");
    Objects.requireNonNull(stateSchemas, "stateSchemas");
    if (stepName.isEmpty()) {
      throw new IllegalArgumentException("stepName must not be empty");
    }
    keyed = List.copyOf(keyed);
    operatorState = List.copyOf(operatorState);
    stateSchemas.forEach((name, schema) -> {
      Objects.requireNonNull(name, () -> "step '" + stepName + "': stateSchemas key");
      Objects.requireNonNull(schema, () -> "step '" + stepName + "': schema of state " + name);
    });
    stateSchemas = Collections.unmodifiableMap(new TreeMap<>(stateSchemas));
    for (int i = 1; i < keyed.size(); i++) {
      for (int j = 0; j < i; j++) {
        KeyedStateHandles a = keyed.get(j);
        KeyedStateHandles b = keyed.get(i);
        if (a.keyGroupStart() <= b.keyGroupEndInclusive()
            && b.keyGroupStart() <= a.keyGroupEndInclusive()) {
          throw new IllegalArgumentException("step '" + stepName + "': key group ranges "
              + a.keyGroupStart() + ".." + a.keyGroupEndInclusive() + " and "
              + b.keyGroupStart() + ".." + b.keyGroupEndInclusive() + " overlap");
        }
      }
    }
  }
}
