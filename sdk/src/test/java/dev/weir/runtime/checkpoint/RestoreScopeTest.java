package dev.weir.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreScopeTest {

  private static CheckpointManifest cp(String runId, long id, boolean finished) {
    return new CheckpointManifest("job", runId, id, 1_000L * id, "fp", 128, false, finished,
        List.of());
  }

  private static List<Long> ids(List<CheckpointManifest> ms) {
    return ms.stream().map(CheckpointManifest::checkpointId).toList();
  }

  @Test
  void aFreshRunRestoresNothingAtFirstAndOnlyItsOwnCheckpointsOnRestart() {
    RestoreScope scope = RestoreScope.fresh("r2");
    List<CheckpointManifest> store = List.of(cp("r1", 1, false), cp("r1", 2, true));
    assertThat(scope.candidates(store)).isEmpty();
    assertThat(scope.lastDecision()).contains("fresh");
    scope.restored(null);
    assertThat(scope.candidates(store)).as("a restart before its first checkpoint").isEmpty();
    assertThat(scope.lastDecision()).contains("no checkpoint of its own");
    scope.restored(null);
    List<CheckpointManifest> later = List.of(cp("r1", 1, false), cp("r1", 2, true),
        cp("r2", 3, false), cp("r2", 4, false));
    assertThat(ids(scope.candidates(later))).containsExactly(4L, 3L);
  }

  @Test
  void aResumingRunRestoresTheNewestCheckpointAndFallsBackWithinTheRunItResumed() {
    RestoreScope scope = RestoreScope.resuming("r3");
    List<CheckpointManifest> store = List.of(cp("r1", 1, true), cp("r2", 2, false),
        cp("r2", 3, false));
    assertThat(ids(scope.candidates(store))).as("newest first, older as fallbacks")
        .containsExactly(3L, 2L, 1L);
    scope.restored(store.get(2));
    assertThat(ids(scope.candidates(store))).as("a restart: the resumed run's checkpoints")
        .containsExactly(3L, 2L);
    scope.restored(store.get(2));
    List<CheckpointManifest> later = List.of(cp("r1", 1, true), cp("r2", 3, false),
        cp("r3", 4, false), cp("x", 5, false));
    assertThat(ids(scope.candidates(later))).as("another run's newer checkpoint never leaks in")
        .containsExactly(4L, 3L);
  }

  @Test
  void aResumingRunMayResumeAFinishedRunWhoseInputMayHaveGrown() {
    RestoreScope scope = RestoreScope.resuming("r2");
    List<CheckpointManifest> store = List.of(cp("r1", 1, false), cp("r1", 2, true));
    assertThat(ids(scope.candidates(store))).containsExactly(2L, 1L);
    scope.restored(store.get(1));
    assertThat(ids(scope.candidates(store))).as("a restart: the resumed run's checkpoints")
        .containsExactly(2L, 1L);
  }

  @Test
  void aResumedCheckpointWithoutRunIdKeepsOlderCheckpointsWithoutRunIdAsFallbacks() {
    RestoreScope scope = RestoreScope.resuming("r9");
    List<CheckpointManifest> store = List.of(cp("", 7, false), cp("", 8, false));
    assertThat(ids(scope.candidates(store))).containsExactly(8L, 7L);
    scope.restored(store.get(1));
    assertThat(ids(scope.candidates(store))).containsExactly(8L, 7L);
  }

  @Test
  void aRunNeedsAnId() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RestoreScope.fresh(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runId");
  }
}
