package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineExecutionException;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointConfig;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.spi.Savepoint;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import dev.weir.testing.WeirTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoints on the local runner: taken from a running job or at a stop, self-contained and
 * relocatable, kept apart from the store's retention, and restored with another parallelism,
 * into another store, with exactly the counts of one run over the whole input.
 */
class SavepointTest {
  @TempDir
  Path tmp;

  private static Pipeline counting(String job, int parallelism, PushSource<String> in,
      CollectingSink<KV<String, Long>> out) {
    return counting(job, parallelism, in, out, "count");
  }

  private static Pipeline counting(String job, int parallelism, PushSource<String> in,
      CollectingSink<KV<String, Long>> out, String countStep) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(job)
        .withParallelism(parallelism).withCheckpointInterval(Duration.ofDays(1))
        .withSetting(CheckpointConfig.RETAINED_CONFIG, "1"));
    p.read("in", in).keyBy("byKey", k -> k, Types.STRING).count(countStep).write("out", out);
    return p;
  }

  private static void awaitIn(PipelineResult r, long n) {
    WeirTest.await("count takes in " + n + " records",
        () -> r.metrics().step("count").recordsIn() >= n, Duration.ofSeconds(30));
  }

  /** The counts a single failure-free run over {@code log} ends with. */
  private static Map<String, Long> plainCounts(List<String> log) {
    Map<String, Long> m = new HashMap<>();
    log.forEach(w -> m.merge(w, 1L, Long::sum));
    return m;
  }

  @Test
  void aSavepointOfARunningJobRestoresIntoAnotherStoreAfterRetentionDroppedItsCheckpoint()
      throws Exception {
    CheckpointStore first = CheckpointStores.inMemory();
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().checkpointStore(first).build()
        .run(counting("sp-running", 2, in, out));
    in.push("a", "b", "a");
    awaitIn(r, 3);
    Path sp = r.savepoint(tmp.resolve("savepoints")).get(30, TimeUnit.SECONDS);
    long savedId = Savepoint.open(sp).manifest().checkpointId();

    // The job goes on; later checkpoints (one retained) drop the saved one from the store.
    in.push("a", "c");
    awaitIn(r, 5);
    r.triggerCheckpoint().get(30, TimeUnit.SECONDS);
    r.triggerCheckpoint().get(30, TimeUnit.SECONDS);
    // Retention runs after each completion, on a thread of its own.
    WeirTest.await("retention dropped checkpoint " + savedId, () -> {
      try {
        return first.listCheckpoints("sp-running").stream()
            .noneMatch(m -> m.checkpointId() == savedId);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, Duration.ofSeconds(30));
    r.cancel();

    // A new run in an empty store, from the savepoint: the input after the savepoint is read
    // again (its positions are the savepoint's), and counts continue from the saved state.
    List<String> log = List.of("a", "b", "a", "a", "c", "b");
    PushSource<String> again = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out2 = CollectingSink.create();
    CheckpointStore second = CheckpointStores.inMemory();
    PipelineResult r2 = LocalRunner.builder().checkpointStore(second).fromSavepoint(sp).build()
        .run(counting("sp-running-v2", 2, again, out2));
    again.push(log.toArray(String[]::new));
    again.finish();
    assertThat(r2.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    assertThat(r2.restoredCheckpointIds()).containsExactly(savedId);
    assertThat(out2.<String, Long>latestByKey()).as("only keys updated after the savepoint")
        .isEqualTo(Map.of("a", 3L, "b", 2L, "c", 1L)).isEqualTo(plainCounts(log));
    // The new run's checkpoints are its own: full snapshots in its store, none in the savepoint.
    CheckpointManifest last = second.listCheckpoints("sp-running-v2").get(0);
    assertThat(last.referencedHandles()).extracting(StateHandle::location)
        .noneMatch(l -> l.startsWith(Savepoint.LOCATION_PREFIX));
  }

  @Test
  void aSavepointIsSelfContainedAndRestoresAfterItsDirectoryWasMoved() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(counting("sp-moved", 2, in, out));
    in.push("x", "y", "x");
    awaitIn(r, 3);
    Path sp = r.stopWithSavepoint(tmp.resolve("a")).get(30, TimeUnit.SECONDS);
    assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.STOPPED);
    assertThat(sp.getFileName().toString()).startsWith("savepoint-sp-moved-");

    Savepoint saved = Savepoint.open(sp);
    assertThat(saved.manifest().savepoint()).isTrue();
    assertThat(saved.manifest().referencedHandles()).isNotEmpty().allSatisfy(h -> {
      assertThat(h.location()).startsWith("savepoint:blobs/");
      assertThat(sp.resolve(h.location().substring("savepoint:".length()))).isRegularFile()
          .hasSize(h.length());
    });
    Path moved = Files.createDirectories(tmp.resolve("elsewhere")).resolve(sp.getFileName());
    Files.move(sp, moved);
    assertThat(Savepoint.list(tmp.resolve("elsewhere"))).extracting(Savepoint::directory)
        .containsExactly(moved);

    PushSource<String> again = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out2 = CollectingSink.create();
    PipelineResult r2 = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(moved).build().run(counting("sp-moved", 2, again, out2));
    again.push("x", "y", "x", "y");
    again.finish();
    assertThat(r2.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    assertThat(out2.<String, Long>latestByKey()).isEqualTo(Map.of("y", 2L));
  }

  @Test
  void savepointsCarryTheStateAcrossParallelismTwoFiveOne() throws Exception {
    List<String> log = List.of("a", "b", "c", "a", "d", "e", "a", "b", "f", "g", "a", "c");
    // Run 1 at P=2 reads 4 records and stops with a savepoint.
    PushSource<String> in1 = PushSource.create(Types.STRING);
    PipelineResult r1 = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(counting("sp-rescale", 2, in1, CollectingSink.create()));
    in1.push(log.subList(0, 4).toArray(String[]::new));
    awaitIn(r1, 4);
    Path sp1 = r1.stopWithSavepoint(tmp.resolve("p2")).get(30, TimeUnit.SECONDS);

    // Run 2 at P=5 reads 4 more, stops with a savepoint.
    PushSource<String> in2 = PushSource.create(Types.STRING);
    PipelineResult r2 = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp1).build().run(counting("sp-rescale", 5, in2, CollectingSink.create()));
    in2.push(log.subList(0, 8).toArray(String[]::new));
    awaitIn(r2, 4);
    Path sp2 = r2.stopWithSavepoint(tmp.resolve("p5")).get(30, TimeUnit.SECONDS);
    assertThat(Savepoint.open(sp2).manifest().step("count").orElseThrow().keyed()).hasSize(5);

    // Run 3 at P=1 reads the rest to the end: the final counts are those of one plain run.
    PushSource<String> in3 = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out3 = CollectingSink.create();
    PipelineResult r3 = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp2).build().run(counting("sp-rescale", 1, in3, out3));
    in3.push(log.toArray(String[]::new));
    in3.finish();
    assertThat(r3.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    Map<String, Long> expected = new HashMap<>(plainCounts(log));
    expected.keySet().retainAll(List.of("f", "g", "a", "c")); // the keys run 3 updated
    assertThat(out3.<String, Long>latestByKey()).isEqualTo(expected);
  }

  @Test
  void aRenamedStepGetsItsStateOnlyWhenTheRenameIsGiven() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(counting("sp-rename", 2, in, CollectingSink.create()));
    in.push("a", "b", "a");
    awaitIn(r, 3);
    Path sp = r.stopWithSavepoint(tmp.resolve("sp")).get(30, TimeUnit.SECONDS);

    // The new version calls the count step "wordCount": its state is not found by name.
    assertThatThrownBy(() -> LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp).build()
        .run(counting("sp-rename", 3, PushSource.create(Types.STRING), CollectingSink.create(),
            "wordCount")))
        .hasMessageContaining("holds state of step 'count', which the pipeline no longer has")
        .hasMessageContaining("renameStep(old, new)");
    // A rename of a step the savepoint does not have names the steps it has.
    assertThatThrownBy(() -> LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp).renameStep("counts", "wordCount").build()
        .run(counting("sp-rename", 3, PushSource.create(Types.STRING), CollectingSink.create(),
            "wordCount")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("savepoint " + sp)
        .hasMessageContaining("has no step 'counts'")
        .hasMessageContaining("count");
    assertThat(Savepoint.open(sp).manifest().step("count")).as("the savepoint is unchanged")
        .isPresent();

    // With the rename, the counts continue from the savepoint.
    PushSource<String> again = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r2 = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp).renameStep("count", "wordCount").build()
        .run(counting("sp-rename", 3, again, out, "wordCount"));
    again.push("a", "b", "a", "b", "c", "a");
    again.finish();
    assertThat(r2.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    assertThat(out.results()).containsExactlyInAnyOrder(KV.of("b", 2L), KV.of("c", 1L),
        KV.of("a", 3L));
  }

  @Test
  void aSavepointWithAMissingBlobFailsTheRunNamingTheFile() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(counting("sp-broken", 2, in, CollectingSink.create()));
    in.push("a", "b");
    awaitIn(r, 2);
    Path sp = r.stopWithSavepoint(tmp).get(30, TimeUnit.SECONDS);
    Path blob;
    try (Stream<Path> files = Files.list(sp.resolve(Savepoint.BLOBS_DIR))) {
      blob = files.findFirst().orElseThrow();
    }
    Files.delete(blob);

    PipelineResult r2 = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp).build()
        .run(counting("sp-broken", 2, PushSource.create(Types.STRING), CollectingSink.create()));
    assertThatThrownBy(() -> r2.waitUntilFinish(Duration.ofSeconds(30)))
        .isInstanceOf(PipelineExecutionException.class)
        .hasStackTraceContaining(blob.toString())
        .hasStackTraceContaining("was not copied whole");
  }

  @Test
  void aDirectoryThatIsNotASavepointIsRefusedBeforeTheRunStarts() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("not-a-savepoint"));
    LocalRunner runner = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(empty).build();
    assertThatThrownBy(() -> runner.run(counting("sp-none", 1, PushSource.create(Types.STRING),
        CollectingSink.create())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot start from savepoint " + empty)
        .hasMessageContaining(Savepoint.MANIFEST_FILE);
  }

  @Test
  void aJobWithoutAStoreTakesNoSavepointAndAFailedStopSavepointSaysWhy() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    PipelineResult r = LocalRunner.create().run(counting("sp-nostore", 1, in,
        CollectingSink.create()));
    assertThatThrownBy(() -> r.savepoint(tmp)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("checkpointStore");
    in.finish();
    r.waitUntilFinish(Duration.ofSeconds(30));

    PushSource<String> in2 = PushSource.create(Types.STRING);
    PipelineResult r2 = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(counting("sp-file", 1, in2, CollectingSink.create()));
    in2.push("a");
    awaitIn(r2, 1);
    Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(() -> r2.stopWithSavepoint(aFile).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasMessageContaining(aFile.toString());
    assertThat(r2.waitUntilFinish(Duration.ofSeconds(30)))
        .as("the job still stops with its checkpoint").isEqualTo(PipelineResult.State.STOPPED);
  }
}
