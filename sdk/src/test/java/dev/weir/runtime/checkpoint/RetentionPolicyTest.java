package dev.weir.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runtime.checkpoint.RetentionPolicy.Checkpoint;
import dev.weir.runtime.checkpoint.RetentionPolicy.Plan;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  private final RetentionPolicy keepThree = new RetentionPolicy(3);

  private static Checkpoint checkpoint(long id, String... handles) {
    return new Checkpoint(id, false, Set.of(handles));
  }

  private static Checkpoint savepoint(long id, String... handles) {
    return new Checkpoint(id, true, Set.of(handles));
  }

  @Test
  void keepsTheNewestThreeFullCheckpoints() {
    Plan plan = keepThree.plan(List.of(
        checkpoint(5, "full-5"), checkpoint(1, "full-1"), checkpoint(3, "full-3"),
        checkpoint(2, "full-2"), checkpoint(4, "full-4")));

    assertThat(plan.droppedCheckpoints()).containsExactly(1L, 2L);
    assertThat(plan.deletableHandles()).containsExactlyInAnyOrder("full-1", "full-2");
  }

  @Test
  void nothingToDeleteWithAtMostRCheckpoints() {
    assertThat(keepThree.plan(List.of(checkpoint(1, "a"), checkpoint(2, "b"))).isEmpty())
        .isTrue();
    assertThat(keepThree.plan(List.of()).isEmpty()).isTrue();
  }

  @Test
  void aKeptDeltaChainKeepsItsFullBaseAlive() {
    // 1 is full; 2..4 are deltas on it; 5 is a new full snapshot.
    Plan plan = keepThree.plan(List.of(
        checkpoint(1, "base-1"),
        checkpoint(2, "base-1", "delta-2"),
        checkpoint(3, "base-1", "delta-2", "delta-3"),
        checkpoint(4, "base-1", "delta-2", "delta-3", "delta-4"),
        checkpoint(5, "base-5")));

    assertThat(plan.droppedCheckpoints()).containsExactly(1L, 2L);
    assertThat(plan.deletableHandles()).isEmpty();
  }

  @Test
  void aChainIsDeletedOnceNoKeptCheckpointReferencesIt() {
    Plan plan = keepThree.plan(List.of(
        checkpoint(1, "base-1"),
        checkpoint(2, "base-1", "delta-2"),
        checkpoint(3, "base-3"),
        checkpoint(4, "base-3", "delta-4"),
        checkpoint(5, "base-3", "delta-4", "delta-5")));

    assertThat(plan.droppedCheckpoints()).containsExactly(1L, 2L);
    assertThat(plan.deletableHandles()).containsExactlyInAnyOrder("base-1", "delta-2");
  }

  @Test
  void savepointsAreNeverDroppedNorCounted() {
    Plan plan = keepThree.plan(List.of(
        savepoint(1, "sp-1"),
        checkpoint(2, "full-2"),
        checkpoint(3, "full-3"),
        savepoint(4, "full-3", "sp-4"),
        checkpoint(5, "full-5"),
        checkpoint(6, "full-6")));

    assertThat(plan.droppedCheckpoints()).containsExactly(2L);
    assertThat(plan.deletableHandles()).containsExactly("full-2");
  }

  @Test
  void aSavepointKeepsTheDataItSharesWithDroppedCheckpoints() {
    Plan plan = new RetentionPolicy(1).plan(List.of(
        checkpoint(1, "base-1"),
        savepoint(2, "base-1", "delta-2"),
        checkpoint(3, "base-3")));

    assertThat(plan.droppedCheckpoints()).containsExactly(1L);
    assertThat(plan.deletableHandles()).isEmpty();
  }
}
