package dev.weir.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeltaChainPolicyTest {

  /** One snapshot: decides, then records what was captured; returns whether it was full. */
  private static boolean snapshot(DeltaChainPolicy p, long changed, long live, boolean coversAll) {
    boolean start = p.mustStartNewChain(changed, live);
    return p.snapshotTaken(start, coversAll, changed);
  }

  @Test
  void theFirstSnapshotStartsAChainThenDeltasUntilTheChainIsAtItsMaximum() {
    DeltaChainPolicy p = new DeltaChainPolicy(3);
    assertThat(snapshot(p, 10, 1_000, false)).as("nothing to build on").isTrue();
    assertThat(snapshot(p, 10, 1_000, false)).isFalse();
    assertThat(snapshot(p, 10, 1_000, false)).isFalse();
    assertThat(snapshot(p, 10, 1_000, false)).isFalse();
    assertThat(p.deltasInChain()).isEqualTo(3);
    assertThat(snapshot(p, 10, 1_000, false)).as("three deltas: a new chain").isTrue();
    assertThat(p.deltasInChain()).isZero();
  }

  @Test
  void deltasHoldingMoreEntriesThanTheStateStartANewChain() {
    DeltaChainPolicy p = new DeltaChainPolicy(100);
    snapshot(p, 100, 100, true);
    assertThat(snapshot(p, 60, 100, false)).isFalse();
    assertThat(snapshot(p, 30, 100, false)).as("90 entries in deltas, state 100").isFalse();
    assertThat(snapshot(p, 20, 100, false)).as("110 > 100: a restore would read too much")
        .isTrue();
  }

  @Test
  void changesCoveringEveryLiveEntryAreWrittenAsANewChain() {
    DeltaChainPolicy p = new DeltaChainPolicy(10);
    snapshot(p, 5, 50, false);
    assertThat(p.mustStartNewChain(50, 50)).isFalse();
    assertThat(p.snapshotTaken(false, true, 50)).isTrue();
    assertThat(p.deltasInChain()).isZero();
  }

  @Test
  void aFailedPersistMakesTheNextSnapshotFull() {
    DeltaChainPolicy p = new DeltaChainPolicy(10);
    snapshot(p, 5, 50, false);
    assertThat(snapshot(p, 5, 50, false)).isFalse();
    p.persistFailed();
    assertThat(snapshot(p, 5, 50, false)).isTrue();
  }

  @Test
  void aRestoreOfTheSubtasksOwnChainContinuesItAndARescaleStartsANewOne() {
    DeltaChainPolicy exact = new DeltaChainPolicy(4);
    exact.restored(true, 3, 30);
    assertThat(snapshot(exact, 10, 1_000, false)).as("fourth delta").isFalse();
    assertThat(snapshot(exact, 10, 1_000, false)).as("chain full").isTrue();

    DeltaChainPolicy rescaled = new DeltaChainPolicy(4);
    rescaled.restored(false, 0, 0);
    assertThat(snapshot(rescaled, 1, 1_000, false)).isTrue();

    DeltaChainPolicy shrunk = new DeltaChainPolicy(2);
    shrunk.restored(true, 5, 10);
    assertThat(snapshot(shrunk, 1, 1_000, false))
        .as("a chain restored longer than the configured maximum").isTrue();
  }

  @Test
  void withoutDeltasEverySnapshotIsFull() {
    DeltaChainPolicy p = new DeltaChainPolicy(0);
    assertThat(snapshot(p, 1, 1_000, false)).isTrue();
    assertThat(snapshot(p, 1, 1_000, false)).isTrue();
  }

  @Test
  void aNegativeMaximumIsRefused() {
    assertThatThrownBy(() -> new DeltaChainPolicy(-1)).hasMessageContaining("maxDeltaChain");
  }
}
