package dev.weir.runtime.task;

import dev.weir.sdk.CheckpointFailureReason;
import java.util.Objects;

/**
 * What a task must do in response to a barrier-related event, as decided by the
 * {@link BarrierAligner}. The task performs the actions in list order.
 */
public sealed interface AlignmentAction {

  /** Stop reading {@code channel} until unblocked; its later records belong after the snapshot. */
  record BlockChannel(int channel) implements AlignmentAction { }

  /** Resume reading every blocked channel. */
  record UnblockAll() implements AlignmentAction { }

  /** Take the synchronous part of the snapshot for {@code checkpointId}, now. */
  record TakeSnapshot(long checkpointId) implements AlignmentAction { }

  /** Emit barrier {@code checkpointId} on every output channel. */
  record ForwardBarrier(long checkpointId) implements AlignmentAction { }

  /**
   * Give up checkpoint {@code checkpointId}: it will not be snapshotted by this task (decline it
   * to the coordinator unless the coordinator already aborted it).
   */
  record Abort(long checkpointId, CheckpointFailureReason reason) implements AlignmentAction {
    /** Requires a reason. */
    public Abort {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
