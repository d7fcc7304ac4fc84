package dev.weir.runtime.checkpoint;

import dev.weir.sdk.CheckpointFailureReason;
import java.util.Objects;

/**
 * Counts consecutive failed checkpoints and says when the job must fail.
 *
 * <p>Only reasons that {@linkplain CheckpointFailureReason#countsAsFailure() count} increase the
 * count; any completed checkpoint resets it to zero. The job must fail when the count exceeds
 * the tolerable number, so with 0 tolerated the first failure fails the job. Not thread-safe:
 * owned by the coordinator.
 */
public final class CheckpointFailureTracker {

  private final int tolerable;
  private int consecutive;

  /** @param tolerableConsecutiveFailures failures in a row that do not fail the job, >= 0 */
  public CheckpointFailureTracker(int tolerableConsecutiveFailures) {
    if (tolerableConsecutiveFailures < 0) {
      throw new IllegalArgumentException(
          "tolerable consecutive failures must be >= 0, was " + tolerableConsecutiveFailures);
    }
    this.tolerable = tolerableConsecutiveFailures;
  }

  /** A checkpoint completed: the count starts over. */
  public void onSuccess() {
    consecutive = 0;
  }

  /**
   * A checkpoint was aborted for {@code reason}.
   *
   * @return true if the job must fail now, i.e. this counted failure exceeds the tolerated number
   */
  public boolean onFailure(CheckpointFailureReason reason) {
    Objects.requireNonNull(reason, "reason");
    if (!reason.countsAsFailure()) {
      return false;
    }
    consecutive++;
    return consecutive > tolerable;
  }

  /** Counted failures since the last success. */
  public int consecutiveFailures() {
    return consecutive;
  }

  /** The number of consecutive failures tolerated. */
  public int tolerable() {
    return tolerable;
  }
}
