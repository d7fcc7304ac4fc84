package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@link RetentionPolicy} to a store after each completed checkpoint: drops the
 * checkpoints beyond the retained count and the blobs no retained checkpoint references
 * (a kept delta keeps its full base).
 */
public final class CheckpointRetention {
  private CheckpointRetention() {
  }

  /** Discards what {@code retained} no longer needs; returns the dropped checkpoint ids. */
  public static List<Long> apply(CheckpointStore store, String jobId, int retained)
      throws IOException {
    List<CheckpointManifest> all = store.listCheckpoints(jobId);
    Map<String, StateHandle> byKey = new HashMap<>();
    List<RetentionPolicy.Checkpoint> input = new ArrayList<>();
    for (CheckpointManifest m : all) {
      Set<String> keys = new HashSet<>();
      for (StateHandle h : m.referencedHandles()) {
        keys.add(h.location());
        byKey.put(h.location(), h);
      }
      input.add(new RetentionPolicy.Checkpoint(m.checkpointId(), m.savepoint(), keys));
    }
    RetentionPolicy.Plan plan = new RetentionPolicy(retained).plan(input);
    if (!plan.isEmpty()) {
      List<StateHandle> deletable = plan.deletableHandles().stream().map(byKey::get).toList();
      store.discard(jobId, plan.droppedCheckpoints(), deletable);
    }
    return plan.droppedCheckpoints();
  }
}
