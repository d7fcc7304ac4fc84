package dev.weir.runtime.snapshot;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;

/**
 * What one step of a restored checkpoint holds, as one subtask of the new run sees it.
 *
 * @param manifest the restored checkpoint
 * @param step the step's entry in it
 * @param store where its blobs are
 * @param foreign whether {@code store} is not the store the new run writes its checkpoints to
 *     (a savepoint): the run's snapshots cannot build on the restored blobs then, and start new
 *     chains
 */
public record RestoredState(CheckpointManifest manifest, StepSnapshot step, CheckpointStore store,
    boolean foreign) {

  /** State restored from the store the new run writes its checkpoints to. */
  public RestoredState(CheckpointManifest manifest, StepSnapshot step, CheckpointStore store) {
    this(manifest, step, store, false);
  }

  /**
   * The keyed-state chains that overlap the key groups {@code firstKeyGroup} to
   * {@code lastKeyGroup} (both inclusive; a subtask's {@code KeyGroupRange}).
   */
  public List<KeyedStateHandles> keyedOverlapping(int firstKeyGroup, int lastKeyGroup) {
    return step.keyed().stream()
        .filter(k -> k.keyGroupStart() <= lastKeyGroup && k.keyGroupEndInclusive() >= firstKeyGroup)
        .toList();
  }

  /** The operator-state blobs of one kind, from all subtasks, in subtask order. */
  public List<OperatorStateHandle> operatorState(String kind) {
    return step.operatorState().stream().filter(o -> o.kind().equals(kind))
        .sorted(Comparator.comparingInt(OperatorStateHandle::subtask)).toList();
  }

  /** Reads a blob (checksum verified by the store). */
  public InputStream open(StateHandle handle) throws IOException {
    return store.openBlob(handle);
  }

  public long checkpointId() {
    return manifest.checkpointId();
  }
}
