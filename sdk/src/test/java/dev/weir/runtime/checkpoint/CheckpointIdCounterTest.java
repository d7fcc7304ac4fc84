package dev.weir.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckpointIdCounterTest {

  @Test
  void freshCounterStartsAtOneAndOnlyGrows() {
    CheckpointIdCounter ids = CheckpointIdCounter.fresh();

    assertThat(ids.next()).isEqualTo(1);
    assertThat(ids.next()).isEqualTo(2);
    assertThat(ids.next()).isEqualTo(3);
    assertThat(ids.last()).isEqualTo(3);
  }

  @Test
  void resumesAboveTheHighestExistingId() {
    CheckpointIdCounter ids = CheckpointIdCounter.resumingAfter(41);

    assertThat(ids.last()).isEqualTo(41);
    assertThat(ids.next()).isEqualTo(42);
    assertThat(ids.next()).isEqualTo(43);
    assertThat(CheckpointIdCounter.resumingAfter(0).next()).isEqualTo(1);
  }

  @Test
  void rejectsImpossibleResumePoints() {
    assertThatThrownBy(() -> CheckpointIdCounter.resumingAfter(-1))
        .hasMessageContaining("must be >= 0, was -1");
    assertThatThrownBy(() -> CheckpointIdCounter.resumingAfter(Long.MAX_VALUE))
        .hasMessageContaining("exhausted");
  }
}
