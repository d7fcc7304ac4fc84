package dev.weir.io.kafka.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which state-topic records retention may delete; no broker. */
class TrimPolicyTest {

  private static StateHandle blob(String job, long id, String topic, long first, long last) {
    return new StateHandle(job, id, new BlobLocation(topic, 0, first, last).toString(), 10, 1);
  }

  private static CheckpointManifest manifest(String job, long id, StateHandle full,
      StateHandle... deltas) {
    KeyedStateHandles range = KeyedStateHandles.full(0, 127, full);
    for (StateHandle d : deltas) {
      range = range.withDelta(d);
    }
    return new CheckpointManifest(job, id, id, "plan", 128, false,
        List.of(new StepSnapshot("count", List.of(range), List.of(), Map.of())));
  }

  @Test
  void theOldestBlobOfAnyRetainedCheckpointIsTheFloor() {
    CheckpointManifest a = manifest("a", 2, blob("a", 2, "state", 40, 45));
    CheckpointManifest b = manifest("b", 7, blob("b", 7, "state", 30, 31));
    assertThat(TrimPolicy.trimBelow("state", 100, List.of(a, b), List.of(), 0))
        .hasValue(30);
  }

  @Test
  void aDeltaChainPinsItsBase() {
    CheckpointManifest m = manifest("a", 5, blob("a", 3, "state", 12, 14),
        blob("a", 4, "state", 20, 20), blob("a", 5, "state", 33, 35));
    assertThat(TrimPolicy.trimBelow("state", 100, List.of(m), List.of(), 0)).hasValue(12);
  }

  @Test
  void anOpenAttemptPinsEverythingFromItsStart() {
    CheckpointManifest m = manifest("a", 2, blob("a", 2, "state", 40, 45));
    assertThat(TrimPolicy.trimBelow("state", 100, List.of(m), List.of(25L), 0)).hasValue(25);
  }

  @Test
  void withNothingRetainedEverythingBelowTheEndGoes() {
    assertThat(TrimPolicy.trimBelow("state", 100, List.of(), List.of(), 0)).hasValue(100);
  }

  @Test
  void handlesInAnotherTopicPinNothingHere() {
    CheckpointManifest m = manifest("a", 2, blob("a", 2, "other-state", 3, 4));
    CheckpointManifest chronicle = manifest("c", 1,
        new StateHandle("c", 1, "cq:19723:1", 10, 1));
    assertThat(TrimPolicy.trimBelow("state", 100, List.of(m, chronicle), List.of(), 0))
        .hasValue(100);
  }

  @Test
  void nothingIsDeletedTwice() {
    CheckpointManifest m = manifest("a", 2, blob("a", 2, "state", 40, 45));
    assertThat(TrimPolicy.trimBelow("state", 100, List.of(m), List.of(), 40))
        .isEqualTo(OptionalLong.empty());
    assertThat(TrimPolicy.trimBelow("state", 100, List.of(m), List.of(), 50))
        .isEqualTo(OptionalLong.empty());
  }
}
