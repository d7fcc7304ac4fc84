package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.Faults;
import dev.weir.testing.PushSource;
import dev.weir.testing.TestSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restart restores only checkpoints of its own run, or of the run it resumed; a run that
 * has none restarts from empty state. Checkpoints of earlier runs in the same store (a
 * finished run's final checkpoint above all) never leak into a run that did not ask for them.
 */
class RunIdentityTest {

  private static final int WORDS = 2_000;

  /** Word {@code i} of a small bounded input: 7 distinct words. */
  private static String word(long i) {
    return "w" + (i % 7);
  }

  private static Map<String, Long> expected() {
    Map<String, Long> m = new HashMap<>();
    for (long i = 0; i < WORDS; i++) {
      m.merge(word(i), 1L, Long::sum);
    }
    return m;
  }

  /** A keyed count that emits each key's total only when the input ends. */
  private static Pipeline finalCounts(String job, CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(job).withParallelism(2)
        .withCheckpointInterval(Duration.ofDays(1)));
    p.read("words", TestSource.generate(Types.STRING, WORDS, RunIdentityTest::word))
        .keyBy("byWord", w -> w, Types.STRING)
        .process("count", new StopTest.CountAtEnd())
        .write("out", out);
    return p;
  }

  private static PipelineResult.State run(LocalRunner.Builder runner, Pipeline p) {
    return runner.build().run(p).waitUntilFinish(Duration.ofSeconds(60));
  }

  @Test
  void aFreshRunThatFailsBeforeItsFirstCheckpointRestartsFromEmptyStateNotFromAnEarlierRun() throws Exception {
    CheckpointStore store = CheckpointStores.inMemory();
    CollectingSink<KV<String, Long>> first = CollectingSink.create();
    assertThat(run(LocalRunner.builder().checkpointStore(store), finalCounts("fresh", first)))
        .isEqualTo(PipelineResult.State.DONE);
    assertThat(first.<String, Long>latestByKey()).isEqualTo(expected());
    assertThat(store.listCheckpoints("fresh")).as("the first run's final checkpoint").hasSize(1);

    // The second run starts fresh and crashes long before its first checkpoint.
    Faults faults = Faults.create().crashAtRecord("count", 0, 100);
    CollectingSink<KV<String, Long>> second = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().checkpointStore(store).startFresh(true)
        .faults(faults).build().run(finalCounts("fresh", second));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).isEqualTo(1);
    assertThat(r.restarts()).isEqualTo(1);
    assertThat(r.restoredCheckpointIds())
        .as("nothing of the first run is restored").isEmpty();
    assertThat(second.<String, Long>latestByKey()).as("the whole input, counted once")
        .isEqualTo(expected());
  }

  @Test
  void onlyTheFinalCheckpointOfAnInputThatEndedByItselfIsFinished() throws Exception {
    CheckpointStore store = CheckpointStores.inMemory();
    PushSource<String> in = PushSource.create(Types.STRING);
    PipelineResult stopped = LocalRunner.builder().checkpointStore(store).build()
        .run(StopTest.counting("finished", in, CollectingSink.create()));
    in.push("a");
    StopTest.awaitIn(stopped, "count", 1);
    stopped.stop();
    assertThat(stopped.waitUntilFinish(Duration.ofSeconds(30)))
        .isEqualTo(PipelineResult.State.STOPPED);

    PushSource<String> again = PushSource.create(Types.STRING);
    PipelineResult drained = LocalRunner.builder().checkpointStore(store).build()
        .run(StopTest.counting("finished", again, CollectingSink.create()));
    again.push("a", "b");
    StopTest.awaitIn(drained, "count", 1);
    drained.drain();
    assertThat(drained.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);

    PushSource<String> last = PushSource.create(Types.STRING);
    PipelineResult ended = LocalRunner.builder().checkpointStore(store).build()
        .run(StopTest.counting("finished", last, CollectingSink.create()));
    last.push("a", "b", "c");
    last.finish();
    assertThat(ended.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);

    assertThat(store.listCheckpoints("finished")).extracting(CheckpointManifest::finished)
        .as("stop, drain, end of input").containsExactly(false, false, true);
    assertThat(store.listCheckpoints("finished")).extracting(CheckpointManifest::runId)
        .containsExactly(stopped.runId(), drained.runId(), ended.runId());
  }

  @Test
  void aResumedRunThatFailsBeforeItsOwnFirstCheckpointRestoresTheCheckpointItResumed()
      throws Exception {
    CheckpointStore store = CheckpointStores.inMemory();
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().checkpointStore(store).build()
        .run(StopTest.counting("resumed", in, out));
    in.push("a", "b", "a");
    StopTest.awaitIn(r, "count", 3);
    r.stop();
    assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.STOPPED);
    List<CheckpointManifest> stopped = store.listCheckpoints("resumed");
    assertThat(stopped).hasSize(1);

    // The resumed run reads three more records and crashes before any checkpoint of its own.
    Faults faults = Faults.create().crashAtRecord("count", 0, 0);
    PushSource<String> more = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out2 = CollectingSink.create();
    PipelineResult r2 = LocalRunner.builder().checkpointStore(store).faults(faults).build()
        .run(StopTest.counting("resumed", more, out2));
    more.push("a", "b", "a", "a", "c", "a");
    more.finish();
    assertThat(r2.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).isEqualTo(1);
    assertThat(r2.restoredCheckpointIds())
        .as("both attempts restore the stopped run's checkpoint")
        .containsExactly(stopped.get(0).checkpointId(), stopped.get(0).checkpointId());
    assertThat(out2.<String, Long>latestByKey()).as("counts continue from the stopped run")
        .isEqualTo(Map.of("a", 4L, "c", 1L));
  }

  @Test
  void manifestsNameTheRunThatWroteThem() throws Exception {
    CheckpointStore store = CheckpointStores.inMemory();
    PipelineResult first = LocalRunner.builder().checkpointStore(store).build()
        .run(finalCounts("named", CollectingSink.create()));
    first.waitUntilFinish(Duration.ofSeconds(60));
    PipelineResult second = LocalRunner.builder().checkpointStore(store).startFresh(true).build()
        .run(finalCounts("named", CollectingSink.create()));
    second.waitUntilFinish(Duration.ofSeconds(60));
    List<CheckpointManifest> cps = store.listCheckpoints("named");
    assertThat(cps).extracting(CheckpointManifest::runId)
        .containsExactly(first.runId(), second.runId());
    assertThat(first.runId()).isNotEqualTo(second.runId());
    assertThat(cps).allSatisfy(m -> assertThat(m.finished()).as("final checkpoints").isTrue());
  }
}
