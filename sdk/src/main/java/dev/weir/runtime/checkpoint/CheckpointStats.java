package dev.weir.runtime.checkpoint;

import dev.weir.sdk.CheckpointFailureReason;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the coordinator knows about one ended checkpoint, for metrics and the checkpoint history.
 *
 * <p>Per-task figures (sync/async duration, alignment, bytes) travel in the acknowledgement
 * payloads, which the runtime reads; this record holds the job-wide view only.
 *
 * @param id the checkpoint id
 * @param status whether it completed or failed
 * @param triggerTimestamp when it was triggered, epoch millis
 * @param endTimestamp when it completed (after the manifest was written) or was aborted
 * @param failureReason why it failed; empty if it completed
 * @param acknowledgedTasks tasks that had acknowledged when it ended
 * @param expectedTasks tasks it waited for
 * @param lastAckTimestamp when the last acknowledgement arrived; empty if none did
 */
public record CheckpointStats(
    long id,
    Status status,
    long triggerTimestamp,
    long endTimestamp,
    Optional<CheckpointFailureReason> failureReason,
    int acknowledgedTasks,
    int expectedTasks,
    OptionalLong lastAckTimestamp) {

  /** How a checkpoint ended. */
  public enum Status { COMPLETED, FAILED }

  /** Checks that a failed checkpoint has a reason and a completed one has none. */
  public CheckpointStats {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(failureReason, "failureReason");
    Objects.requireNonNull(lastAckTimestamp, "lastAckTimestamp");
    if ((status == Status.FAILED) != failureReason.isPresent()) {
      throw new IllegalArgumentException(
          "checkpoint " + id + " is " + status + " with failure reason " + failureReason);
    }
  }

  /** The stats of {@code checkpoint}, which must have ended, as of {@code endTimestamp}. */
  public static CheckpointStats of(PendingCheckpoint<?> checkpoint, long endTimestamp) {
    if (!checkpoint.isDisposed()) {
      throw new IllegalStateException(checkpoint + " has not ended");
    }
    Status status = checkpoint.status() == PendingCheckpoint.Status.COMPLETED
        ? Status.COMPLETED : Status.FAILED;
    return new CheckpointStats(checkpoint.id(), status, checkpoint.triggerTimestamp(),
        endTimestamp, checkpoint.failureReason(), checkpoint.acks().size(),
        checkpoint.expectedTasks().size(), checkpoint.lastAckTimestamp());
  }

  /** End-to-end duration: from trigger to completion (or abort), in millis. */
  public long durationMs() {
    return endTimestamp - triggerTimestamp;
  }
}
