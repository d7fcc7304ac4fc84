package dev.weir.io.kafka.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest topic's records, fed in order, give listings, ids and open attempts. */
class ManifestIndexTest {

  private static CheckpointManifest manifest(String job, long id, long firstOffset) {
    StateHandle h = new StateHandle(job, id,
        new BlobLocation("state", 0, firstOffset, firstOffset + 1).toString(), 10, 1);
    return new CheckpointManifest(job, id, id, "plan", 128, false, List.of(
        new StepSnapshot("count", List.of(KeyedStateHandles.full(0, 127, h)), List.of(),
            Map.of())));
  }

  @Test
  void manifestsAreListedUntilDiscarded() {
    ManifestIndex index = new ManifestIndex();
    CheckpointManifest m1 = manifest("a", 1, 0);
    CheckpointManifest m2 = manifest("a", 2, 5);
    index.onManifest("a", 1, m1);
    index.onManifest("a", 2, m2);
    index.onManifest("b", 9, manifest("b", 9, 7));
    index.onDiscard("a", 1);
    assertThat(index.manifests("a")).containsExactly(m2);
    assertThat(index.manifest("a", 1)).isEmpty();
    assertThat(index.manifest("a", 2)).contains(m2);
    assertThat(index.jobs()).containsExactly("a", "b");
    assertThat(index.highestListed("a")).isEqualTo(2);
    assertThat(index.referencedLocations("a")).containsExactly("kafka:state:0:5-6");
    assertThat(index.allManifests()).hasSize(2);
  }

  @Test
  void attemptsCountTowardsTheHighestIdAndStayOpenUntilAManifestSettlesThem() {
    ManifestIndex index = new ManifestIndex();
    index.onAttempt("a", 1, 0L);
    index.onAttempt("a", 2, 10L);
    assertThat(index.highestSeen("a")).isEqualTo(2);
    assertThat(index.openAttemptStarts()).containsExactly(0L, 10L);
    index.onManifest("a", 1, manifest("a", 1, 0));
    assertThat(index.openAttemptStarts()).containsExactly(10L);
    index.onManifest("a", 2, manifest("a", 2, 10));
    assertThat(index.openAttemptStarts()).isEmpty();
    index.onAttempt("a", 3, 20L);
    index.onDiscard("a", 1);
    assertThat(index.highestSeen("a")).isEqualTo(3);
    assertThat(index.manifests("a")).extracting(CheckpointManifest::checkpointId)
        .containsExactly(2L);
  }

  @Test
  void anAttemptAtOrBelowAnEarlierManifestOpensNothing() {
    ManifestIndex index = new ManifestIndex();
    index.onManifest("a", 5, manifest("a", 5, 50));
    index.onDiscard("a", 5);
    index.onAttempt("a", 4, 60L);
    assertThat(index.openAttemptStarts()).isEmpty();
    assertThat(index.highestSeen("a")).isEqualTo(5);
  }

  @Test
  void aMarkerWithoutAnOffsetPinsEverythingAndTheLowestStartWins() {
    ManifestIndex index = new ManifestIndex();
    index.onAttempt("a", 3, 40L);
    index.onAttempt("a", 3, 30L);
    assertThat(index.openAttemptStarts()).containsExactly(30L);
    index.onAttempt("a", 4, null);
    assertThat(index.openAttemptStarts()).containsExactly(30L, 0L);
  }

  @Test
  void anUnknownJobHasNothing() {
    ManifestIndex index = new ManifestIndex();
    assertThat(index.manifests("x")).isEmpty();
    assertThat(index.highestSeen("x")).isZero();
    assertThat(index.highestListed("x")).isZero();
    assertThat(index.referencedLocations("x")).isEmpty();
  }
}
