package dev.weir.io.kafka.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cache of known blobs: what a manifest may reference without a read, and forgetting. */
class KnownBlobsTest {

  private static final StoreSettings SETTINGS = new StoreSettings(
      Map.of("bootstrap.servers", "localhost:1"), "state", "manifests", 4096, Optional.empty(),
      Duration.ofSeconds(1), Clock.systemUTC());

  private static StateHandle blob(String job, long id, long offset) {
    return new StateHandle(job, id, new BlobLocation("state", 0, offset, offset).toString(), 10,
        id);
  }

  private static CheckpointManifest manifest(StateHandle h) {
    return new CheckpointManifest(h.jobId(), h.checkpointId(), 1, "plan", 128, false, List.of(
        new StepSnapshot("count", List.of(KeyedStateHandles.full(0, 127, h)), List.of(),
            Map.of())));
  }

  @Test
  void aManifestOfKnownBlobsNeedsNoRead() {
    KnownBlobs known = new KnownBlobs(SETTINGS);
    StateHandle h = blob("a", 1, 0);
    known.add(h);
    // No broker listens at localhost:1: a read would fail the check.
    assertThatCode(() -> known.requireAll(manifest(h))).doesNotThrowAnyException();
  }

  @Test
  void aHandleThatDisagreesWithTheKnownBlobIsRefusedNamingBoth() {
    KnownBlobs known = new KnownBlobs(SETTINGS);
    StateHandle h = blob("a", 1, 0);
    known.add(h);
    StateHandle other = new StateHandle("a", 1, h.location(), 11, 1);
    assertThatThrownBy(() -> known.requireAll(manifest(other)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(h.location()).hasMessageContaining("of 10 bytes");
  }

  @Test
  void aHandleOfAnotherStoreIsRefused() {
    KnownBlobs known = new KnownBlobs(SETTINGS);
    StateHandle chronicle = new StateHandle("a", 1, "cq:1:2", 10, 1);
    assertThatThrownBy(() -> known.requireAll(manifest(chronicle)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cq:1:2").hasMessageContaining("does not hold");
  }

  @Test
  void forgettingKeepsReferencedBlobsAndBlobsOfNewerAttempts() {
    KnownBlobs known = new KnownBlobs(SETTINGS);
    StateHandle discarded = blob("a", 1, 0);
    StateHandle stale = blob("a", 2, 1);
    StateHandle referenced = blob("a", 3, 2);
    StateHandle pending = blob("a", 4, 3);
    StateHandle otherJob = blob("b", 1, 4);
    List.of(discarded, stale, referenced, pending, otherJob).forEach(known::add);
    known.forget("a", List.of(discarded), 3, Set.of(referenced.location()));
    assertThat(known.size()).isEqualTo(3); // referenced, pending, otherJob
  }
}
