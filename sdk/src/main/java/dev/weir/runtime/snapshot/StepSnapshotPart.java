package dev.weir.runtime.snapshot;

import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import java.util.List;
import java.util.Map;

/**
 * What one subtask of one step wrote for a checkpoint.
 *
 * @param stepName the step
 * @param keyed the keyed state of the subtask's key-group range, or {@code null}
 * @param operatorState operator-state blobs (source positions, sink committables, ...)
 * @param stateSchemas writer schema of each state, by state name
 * @param fullBytes bytes written as full snapshots by this checkpoint
 * @param deltaBytes bytes written as deltas by this checkpoint
 */
public record StepSnapshotPart(String stepName, KeyedStateHandles keyed,
    List<OperatorStateHandle> operatorState, Map<String, String> stateSchemas, long fullBytes,
    long deltaBytes) {
}
