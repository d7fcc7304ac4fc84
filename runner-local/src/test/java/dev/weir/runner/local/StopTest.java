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
import dev.weir.testing.PushSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PipelineResult#stop()} (final checkpoint, nothing drained, resumable exactly) and
 * {@link PipelineResult#drain()} (end of input: timers fire).
 */
class StopTest {

  static Pipeline counting(String job, PushSource<String> in, CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(job).withParallelism(2)
        .withCheckpointInterval(Duration.ofDays(1)));
    p.read("in", in).keyBy("byKey", k -> k, Types.STRING).count("count").write("out", out);
    return p;
  }

  @Test
  void stopTakesAFinalCheckpointCommitsTheOutputAndTheNextRunResumesFromIt() throws Exception {
    CheckpointStore store = CheckpointStores.inMemory();
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().checkpointStore(store).build()
        .run(counting("stop", in, out));
    in.push("a", "b", "a");
    // wait until the records went through, then stop
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (r.metrics().step("count").recordsIn() < 3 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(out.results()).as("nothing is committed before a checkpoint").isEmpty();
    r.stop();
    assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.STOPPED);
    assertThat(out.<String, Long>latestByKey()).isEqualTo(Map.of("a", 2L, "b", 1L));
    List<CheckpointManifest> cps = store.listCheckpoints("stop");
    assertThat(cps).as("the final checkpoint").hasSize(1);

    PushSource<String> more = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out2 = CollectingSink.create();
    PipelineResult r2 = LocalRunner.builder().checkpointStore(store).build()
        .run(counting("stop", more, out2));
    // PushSource positions index the pushed records, like offsets of a log: the first three
    // were read by the stopped run, so the resumed run skips them.
    more.push("a", "b", "a", "a");
    more.finish();
    assertThat(r2.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    assertThat(out2.<String, Long>latestByKey()).as("counts continue from the stopped run")
        .isEqualTo(Map.of("a", 3L));
  }

  @Test
  void stopAfterTheJobEndedDoesNothing() {
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(counting("stopped-twice", in, out));
    in.push("x");
    in.finish();
    assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    r.stop();
    assertThat(r.state()).isEqualTo(PipelineResult.State.DONE);
    assertThat(out.<String, Long>latestByKey()).isEqualTo(Map.of("x", 1L));
  }

  /** Counts per key; emits each key's count only when its end-of-time timer fires. */
  static final class CountAtEnd extends dev.weir.sdk.fn.KeyedProcessFn<String, String, KV<String, Long>> {
    static final dev.weir.sdk.state.StateSpec<dev.weir.sdk.state.ValueState<Long>> COUNT =
        dev.weir.sdk.state.StateSpec.value("count", Types.LONG);

    @Override
    public List<dev.weir.sdk.state.StateSpec<?>> stateSpecs() {
      return List.of(COUNT);
    }

    @Override
    public void processElement(String value, Context<String, KV<String, Long>> ctx) {
      dev.weir.sdk.state.ValueState<Long> c = ctx.state(COUNT);
      c.update(c.valueOr(0L) + 1);
      ctx.timers().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }

    @Override
    public void onTimer(long timestamp, dev.weir.sdk.fn.TimeDomain domain,
        Context<String, KV<String, Long>> ctx) {
      ctx.output(KV.of(ctx.key(), ctx.state(COUNT).value()));
    }
  }

  static Pipeline countingAtEnd(String job, PushSource<String> in, CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(job).withParallelism(2)
        .withCheckpointInterval(Duration.ofDays(1)));
    p.read("in", in).keyBy("byKey", k -> k, Types.STRING).process("count", new CountAtEnd())
        .write("out", out);
    return p;
  }

  static void awaitIn(PipelineResult r, String step, long n) {
    dev.weir.testing.WeirTest.await(step + " takes in " + n + " records",
        () -> r.metrics().step(step).recordsIn() >= n, Duration.ofSeconds(30));
  }

  @Test
  void stopLeavesTimersPendingForTheResumedRunWhileDrainFiresThem() throws Exception {
    CheckpointStore store = CheckpointStores.inMemory();
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().checkpointStore(store).build()
        .run(countingAtEnd("stop-timers", in, out));
    in.push("a", "a", "b");
    awaitIn(r, "count", 3);
    r.stop();
    assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.STOPPED);
    assertThat(out.results()).as("a stop fires no timer").isEmpty();

    PushSource<String> again = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out2 = CollectingSink.create();
    PipelineResult r2 = LocalRunner.builder().checkpointStore(store).build()
        .run(countingAtEnd("stop-timers", again, out2));
    again.push("a", "a", "b", "a");
    awaitIn(r2, "count", 1);
    r2.drain();
    assertThat(r2.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    assertThat(out2.<String, Long>latestByKey()).as("the drain fires the timers of both runs' counts")
        .isEqualTo(Map.of("a", 3L, "b", 1L));
    assertThat(out2.results()).hasSize(2);
  }

  @Test
  void stopWithoutACheckpointStoreDrains() {
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().build().run(countingAtEnd("no-store", in, out));
    in.push("x", "x");
    awaitIn(r, "count", 2);
    r.stop();
    assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    assertThat(out.<String, Long>latestByKey()).isEqualTo(Map.of("x", 2L));
  }
}
