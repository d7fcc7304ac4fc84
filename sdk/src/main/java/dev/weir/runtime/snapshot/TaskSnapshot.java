package dev.weir.runtime.snapshot;

import java.util.List;

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

  /** Bytes written by this subtask as full snapshots. */
  public long fullBytes() {
    return parts.stream().mapToLong(StepSnapshotPart::fullBytes).sum();
  }

  /** Bytes written by this subtask as deltas. */
  public long deltaBytes() {
    return parts.stream().mapToLong(StepSnapshotPart::deltaBytes).sum();
  }
}
