package dev.weir.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class SnapshotWarmupTest {
  @Test
  void snapshotsAndReadsBackASyntheticStateWithoutAJobStore() {
    assertThatCode(() -> SnapshotWarmup.compileKeyedPaths(128)).doesNotThrowAnyException();
  }
}
