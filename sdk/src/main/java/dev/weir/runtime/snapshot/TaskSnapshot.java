package dev.weir.runtime.snapshot;

import dev.weir.sdk.checkpoint.StateHandle;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A subtask's acknowledgement of a checkpoint: its steps' handles and timings.
 *
 * @param parts one entry per step of the chain that has state
 * @param syncMillis time on the task thread capturing state
 * @param asyncMillis time writing it to the store
 * @param alignmentMillis time the task spent aligning barriers for this checkpoint
 */
public record TaskSnapshot(List<StepSnapshotPart> parts, long syncMillis, long asyncMillis,
    long alignmentMillis) {

  /**
   * The blobs this acknowledgement names that were written for checkpoint {@code checkpointId}
   * (not those of earlier checkpoints an incremental chain still references).
   */
  public Set<StateHandle> handlesWrittenFor(long checkpointId) {
    Set<StateHandle> out = new LinkedHashSet<>();
    for (StepSnapshotPart part : parts) {
      if (part.keyed() != null) {
        out.add(part.keyed().full());
        out.addAll(part.keyed().deltas());
      }
      part.operatorState().forEach(op -> out.add(op.handle()));
    }
    out.removeIf(h -> h.checkpointId() != checkpointId);
    return out;
  }

  /** Bytes written by this subtask as full snapshots. */
  public long fullBytes() {
    return parts.stream().mapToLong(StepSnapshotPart::fullBytes).sum();
  }

  /** Bytes written by this subtask as deltas. */
  public long deltaBytes() {
    return parts.stream().mapToLong(StepSnapshotPart::deltaBytes).sum();
  }
}
