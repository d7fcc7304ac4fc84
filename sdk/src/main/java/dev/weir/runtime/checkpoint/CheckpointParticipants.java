package dev.weir.runtime.checkpoint;

import java.util.Set;

/**
 * The tasks of one attempt as the checkpoint side sees them: what {@link AttemptCheckpoints}
 * tells them. The local runner calls its tasks directly; a runner whose tasks run in other
 * processes sends them control messages. Implementations deliver each call to every task of
 * the attempt, in the order the calls are made.
 */
public interface CheckpointParticipants {

  /** Every task of the attempt: each must acknowledge a checkpoint before it completes. */
  Set<TaskId> taskIds();

  /**
   * Starts checkpoint {@code checkpointId}: a source takes it at its next record boundary and
   * emits the barrier, a task whose input ended snapshots at once, any other task waits for
   * the barriers from its inputs.
   */
  void triggerCheckpoint(long checkpointId, long timestamp);

  /** Checkpoint {@code checkpointId} is complete: sinks commit it, sources are told. */
  void notifyCheckpointComplete(long checkpointId);

  /** Checkpoint {@code checkpointId} was aborted: tasks stop aligning it. */
  void notifyCheckpointAborted(long checkpointId);

  /** The final checkpoint completed: every task, all input processed, may end. */
  void finish();
}
