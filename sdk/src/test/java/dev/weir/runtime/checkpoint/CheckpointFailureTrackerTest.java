package dev.weir.runtime.checkpoint;

import dev.weir.sdk.CheckpointFailureReason;
import static dev.weir.sdk.CheckpointFailureReason.CANCELLED;
import static dev.weir.sdk.CheckpointFailureReason.JOB_FAILING;
import static dev.weir.sdk.CheckpointFailureReason.STORE_FAILURE;
import static dev.weir.sdk.CheckpointFailureReason.SUBSUMED;
import static dev.weir.sdk.CheckpointFailureReason.TASK_FAILURE;
import static dev.weir.sdk.CheckpointFailureReason.TIMEOUT;
import static dev.weir.sdk.CheckpointFailureReason.TOO_MANY_CONCURRENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckpointFailureTrackerTest {

  @Test
  void failsTheJobWhenConsecutiveFailuresExceedTheTolerance() {
    CheckpointFailureTracker tracker = new CheckpointFailureTracker(2);

    assertThat(tracker.onFailure(TIMEOUT)).isFalse();
    assertThat(tracker.onFailure(TASK_FAILURE)).isFalse();
    assertThat(tracker.onFailure(STORE_FAILURE)).isTrue();
    assertThat(tracker.consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void aSuccessResetsTheCount() {
    CheckpointFailureTracker tracker = new CheckpointFailureTracker(2);
    tracker.onFailure(TIMEOUT);
    tracker.onFailure(TIMEOUT);

    tracker.onSuccess();

    assertThat(tracker.consecutiveFailures()).isZero();
    assertThat(tracker.onFailure(TIMEOUT)).isFalse();
    assertThat(tracker.onFailure(TIMEOUT)).isFalse();
    assertThat(tracker.onFailure(TIMEOUT)).isTrue();
  }

  @Test
  void zeroToleranceFailsOnTheFirstCountedFailure() {
    assertThat(new CheckpointFailureTracker(0).onFailure(TIMEOUT)).isTrue();
  }

  @Test
  void abortsCausedByTheJobDoNotCount() {
    CheckpointFailureTracker tracker = new CheckpointFailureTracker(0);

    for (CheckpointFailureReason reason
        : new CheckpointFailureReason[] {JOB_FAILING, TOO_MANY_CONCURRENT, SUBSUMED, CANCELLED}) {
      assertThat(tracker.onFailure(reason)).as(reason.name()).isFalse();
    }
    assertThat(tracker.consecutiveFailures()).isZero();
  }
}
