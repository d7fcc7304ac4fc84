package dev.weir.runtime.checkpoint;

import dev.weir.sdk.CheckpointFailureReason;
import static dev.weir.runtime.checkpoint.AckResult.ACCEPTED;
import static dev.weir.runtime.checkpoint.AckResult.DISCARDED;
import static dev.weir.runtime.checkpoint.AckResult.DUPLICATE;
import static dev.weir.runtime.checkpoint.AckResult.UNKNOWN_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingCheckpointTest {

  private static final TaskId SOURCE = TaskId.of("read", 0);
  private static final TaskId COUNT_0 = TaskId.of("count", 0);
  private static final TaskId COUNT_1 = TaskId.of("count", 1);

  private final PendingCheckpoint<String> checkpoint =
      new PendingCheckpoint<>(7, 1_000, Set.of(SOURCE, COUNT_0, COUNT_1));

  @Test
  void completesOnceEveryExpectedTaskAcknowledged() {
    assertThat(checkpoint.acknowledge(COUNT_1, "h-c1", 1_010)).isEqualTo(ACCEPTED);
    assertThat(checkpoint.acknowledge(SOURCE, "h-src", 1_020)).isEqualTo(ACCEPTED);
    assertThat(checkpoint.isFullyAcknowledged()).isFalse();
    assertThat(checkpoint.missingTasks()).containsExactly(COUNT_0);

    assertThat(checkpoint.acknowledge(COUNT_0, "h-c0", 1_030)).isEqualTo(ACCEPTED);
    assertThat(checkpoint.isFullyAcknowledged()).isTrue();
    checkpoint.markCompleted();

    assertThat(checkpoint.status()).isEqualTo(PendingCheckpoint.Status.COMPLETED);
    assertThat(checkpoint.acks()).containsExactly(
        entry(COUNT_0, "h-c0"), entry(COUNT_1, "h-c1"), entry(SOURCE, "h-src"));
    assertThat(checkpoint.firstAckTimestamp()).hasValue(1_010);
    assertThat(checkpoint.lastAckTimestamp()).hasValue(1_030);
  }

  @Test
  void aDuplicateAckKeepsTheFirstPayload() {
    checkpoint.acknowledge(SOURCE, "first");

    assertThat(checkpoint.acknowledge(SOURCE, "second")).isEqualTo(DUPLICATE);
    assertThat(checkpoint.acks()).containsEntry(SOURCE, "first");
  }

  @Test
  void anAckFromATaskNotExpectedIsUnknown() {
    assertThat(checkpoint.acknowledge(TaskId.of("count", 2), "x")).isEqualTo(UNKNOWN_TASK);
    assertThat(checkpoint.acks()).isEmpty();
  }

  @Test
  void acksAfterAnAbortAreDiscarded() {
    checkpoint.acknowledge(SOURCE, "h");

    assertThat(checkpoint.abort(CheckpointFailureReason.TIMEOUT)).isTrue();
    assertThat(checkpoint.abort(CheckpointFailureReason.CANCELLED)).isFalse();

    assertThat(checkpoint.acknowledge(COUNT_0, "late")).isEqualTo(DISCARDED);
    assertThat(checkpoint.acknowledge(TaskId.of("nobody", 0), "late")).isEqualTo(DISCARDED);
    assertThat(checkpoint.failureReason()).contains(CheckpointFailureReason.TIMEOUT);
    assertThat(checkpoint.acks()).containsOnlyKeys(SOURCE);
  }

  @Test
  void acksAfterCompletionAreDiscarded() {
    checkpoint.acknowledge(SOURCE, "a");
    checkpoint.acknowledge(COUNT_0, "b");
    checkpoint.acknowledge(COUNT_1, "c");
    checkpoint.markCompleted();

    assertThat(checkpoint.acknowledge(SOURCE, "again")).isEqualTo(DISCARDED);
    assertThat(checkpoint.abort(CheckpointFailureReason.TIMEOUT)).isFalse();
    assertThat(checkpoint.status()).isEqualTo(PendingCheckpoint.Status.COMPLETED);
  }

  @Test
  void cannotCompleteWhileAcksAreMissing() {
    checkpoint.acknowledge(SOURCE, "a");

    assertThatThrownBy(checkpoint::markCompleted)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("checkpoint 7")
        .hasMessageContaining("1 of 3");
  }

  @Test
  void rejectsAnEmptyTaskSetAndNullPayloads() {
    assertThatThrownBy(() -> new PendingCheckpoint<String>(1, 0, Set.of()))
        .hasMessageContaining("at least one task");
    assertThatThrownBy(() -> checkpoint.acknowledge(SOURCE, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("payload");
  }

  private static java.util.Map.Entry<TaskId, String> entry(TaskId task, String payload) {
    return java.util.Map.entry(task, payload);
  }
}
