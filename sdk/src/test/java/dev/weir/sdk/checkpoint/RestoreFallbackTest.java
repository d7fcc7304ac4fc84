package dev.weir.sdk.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runtime.checkpoint.RestoreLoader;
import dev.weir.runtime.checkpoint.RestoreScope;
import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import dev.weir.sdk.types.Types;
import dev.weir.testsupport.ListSource;
import dev.weir.testsupport.NoSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A truncated or bit-flipped blob makes its checkpoint unrestorable; the one before is used. */
class RestoreFallbackTest {

  private static PhysicalPlan plan() {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("job"));
    p.read("in", ListSource.of(Types.STRING, "a")).keyBy("byKey", s -> s, Types.STRING)
        .count("count").write("out", new NoSink<>());
    return PipelineImpl.of(p).plan();
  }

  private static StateHandle checkpoint(InMemoryCheckpointStore store, PhysicalPlan plan, long id)
      throws IOException {
    return checkpoint(store, plan, "", id);
  }

  private static StateHandle checkpoint(InMemoryCheckpointStore store, PhysicalPlan plan,
      String runId, long id) throws IOException {
    StateHandle h;
    try (BlobWriter w = store.openBlob("job", id)) {
      w.write(("state of checkpoint " + id + " ".repeat(100)).getBytes(StandardCharsets.UTF_8));
      h = w.finish();
    }
    store.writeManifest(new CheckpointManifest("job", runId, id, 1000 * id, plan.fingerprint(),
        128, false, false, List.of(new StepSnapshot("count",
            List.of(KeyedStateHandles.full(0, 127, h)), List.of(), Map.of()))));
    return h;
  }

  @Test
  void aTruncatedBlobIsDetectedAndTheCheckpointBeforeItIsRestored() throws IOException {
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    PhysicalPlan plan = plan();
    checkpoint(store, plan, 1);
    checkpoint(store, plan, 2);
    StateHandle newest = checkpoint(store, plan, 3);
    store.truncate(newest);
    Optional<CheckpointManifest> chosen = RestoreLoader.select(store, plan, false, RestoreScope.resuming("test-run"));
    assertThat(chosen).map(CheckpointManifest::checkpointId).contains(2L);
  }

  @Test
  void aRestartWhoseOwnCheckpointsAllFailVerificationFailsInsteadOfRepeatingOutput()
      throws IOException {
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    PhysicalPlan plan = plan();
    RestoreScope scope = RestoreScope.fresh("r1");
    assertThat(RestoreLoader.select(store, plan, false, scope)).isEmpty();
    StateHandle own = checkpoint(store, plan, "r1", 1);
    store.corrupt(own);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RestoreLoader.select(store, plan, false, scope))
        .isInstanceOf(dev.weir.sdk.CheckpointException.class)
        .hasMessageContaining("none of the 1 checkpoints it may restore verifies")
        .hasMessageContaining("would repeat output");
  }

  @Test
  void aBitFlipIsDetectedAndAllCorruptMeansStartingFresh() throws IOException {
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    PhysicalPlan plan = plan();
    StateHandle first = checkpoint(store, plan, 1);
    StateHandle second = checkpoint(store, plan, 2);
    store.corrupt(second);
    assertThat(RestoreLoader.select(store, plan, false, RestoreScope.resuming("test-run"))).map(CheckpointManifest::checkpointId).contains(1L);
    store.corrupt(first);
    assertThat(RestoreLoader.select(store, plan, false, RestoreScope.resuming("test-run"))).isEmpty();
  }
}
