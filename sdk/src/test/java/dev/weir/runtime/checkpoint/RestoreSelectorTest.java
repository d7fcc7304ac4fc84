package dev.weir.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runtime.checkpoint.RestoreSelector.Selection;
import dev.weir.runtime.checkpoint.RestoreSelector.Skipped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestoreSelectorTest {

  /** A stand-in for a manifest: its id and whether its checksums match. */
  private record Manifest(long id, boolean intact) { }

  private final List<Long> verified = new ArrayList<>();

  private RestoreSelector<Manifest> selector(Set<Long> unreadable) {
    return new RestoreSelector<>(Manifest::id, manifest -> {
      verified.add(manifest.id());
      if (unreadable.contains(manifest.id())) {
        throw new IOException("manifest-" + manifest.id() + " is truncated");
      }
      return manifest.intact()
          ? Optional.empty() : Optional.of("checksum mismatch in handle state-" + manifest.id());
    });
  }

  @Test
  void picksTheNewestWhenItVerifiesAndChecksNothingOlder() {
    Selection<Manifest> selection = selector(Set.of()).select(List.of(
        new Manifest(3, true), new Manifest(5, true), new Manifest(4, true)));

    assertThat(selection.selected()).contains(new Manifest(5, true));
    assertThat(selection.skipped()).isEmpty();
    assertThat(verified).containsExactly(5L);
  }

  @Test
  void fallsBackToThePreviousWhenTheNewestIsCorrupt() {
    Selection<Manifest> selection = selector(Set.of()).select(List.of(
        new Manifest(4, true), new Manifest(5, false), new Manifest(3, true)));

    assertThat(selection.selected()).contains(new Manifest(4, true));
    assertThat(selection.skipped()).containsExactly(
        new Skipped(5, "checksum mismatch in handle state-5"));
  }

  @Test
  void aVerifierThatThrowsCountsAsAFailedVerification() {
    Selection<Manifest> selection = selector(Set.of(5L)).select(List.of(
        new Manifest(5, true), new Manifest(4, true)));

    assertThat(selection.selected()).contains(new Manifest(4, true));
    assertThat(selection.skipped()).singleElement().satisfies(skipped -> {
      assertThat(skipped.checkpointId()).isEqualTo(5);
      assertThat(skipped.reason()).contains("IOException").contains("manifest-5 is truncated");
    });
  }

  @Test
  void startsFreshWhenNothingVerifies() {
    Selection<Manifest> selection = selector(Set.of(1L)).select(List.of(
        new Manifest(1, true), new Manifest(2, false)));

    assertThat(selection.startFresh()).isTrue();
    assertThat(selection.skipped()).extracting(Skipped::checkpointId).containsExactly(2L, 1L);
  }

  @Test
  void startsFreshWithoutCheckpoints() {
    assertThat(selector(Set.of()).select(List.of()).startFresh()).isTrue();
  }
}
