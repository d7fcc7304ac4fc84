package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.TimeDomain;
import dev.weir.sdk.state.ListState;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.WeirTest;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Restoring at another parallelism, and the size of incremental checkpoints. */
class RescaleAndIncrementalTest {

  /** Counts per key, and keeps the last three values and an event-time timer per key. */
  static final class CountAndRemember extends KeyedProcessFn<String, String, KV<String, Long>> {
    static final StateSpec<ValueState<Long>> COUNT = StateSpec.value("count", Types.LONG);
    static final StateSpec<ListState<String>> LAST = StateSpec.list("last", Types.STRING);

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(COUNT, LAST);
    }

    @Override
    public void processElement(String value, Context<String, KV<String, Long>> ctx) {
      ValueState<Long> count = ctx.state(COUNT);
      long n = count.valueOr(0L) + 1;
      count.update(n);
      ListState<String> last = ctx.state(LAST);
      last.add(value + n);
      if (last.get().size() > 3) {
        last.update(last.get().subList(1, 4));
      }
      ctx.timers().registerEventTimeTimer(1_000_000 + n);
      ctx.timers().deleteEventTimeTimer(1_000_000 + n - 1);
      ctx.output(KV.of(ctx.key(), n));
    }

    @Override
    public void onTimer(long timestamp, TimeDomain domain, Context<String, KV<String, Long>> ctx) {
      // Fires once per key at the end: the timer of the latest count, and the last three values.
      ctx.output(KV.of("timer:" + ctx.key() + ":" + ctx.state(LAST).get(), timestamp - 1_000_000));
    }
  }

  private static Pipeline pipeline(PushSource<String> in, int parallelism,
      CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("rescale")
        .withParallelism(parallelism));
    p.read("in", in).withParallelism(1)
        .keyBy("byKey", s -> s, Types.STRING)
        .process("count", new CountAndRemember())
        .write("out", out);
    return p;
  }

  private static void pushAndCheckpoint(PushSource<String> in, PipelineResult r, int from, int to,
      Map<String, Long> expected) throws Exception {
    for (int i = from; i < to; i++) {
      String key = "key" + (i * 31 % 997);
      in.push(key);
      expected.merge(key, 1L, Long::sum);
    }
    int n = to - from;
    WeirTest.await(() -> r.metrics().step("count").recordsIn() == n);
    r.triggerCheckpoint().get();
  }

  @Test
  void restoringAtParallelismTwoThenFourThenOneGivesTheSameResults() throws Exception {
    CheckpointStore store = CheckpointStores.inMemory();
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    Map<String, Long> expected = new HashMap<>();
    LocalRunner runner = LocalRunner.builder().checkpointStore(store).build();

    PipelineResult first = runner.run(pipeline(in, 2, out));
    pushAndCheckpoint(in, first, 0, 4_000, expected);
    first.cancel();

    PipelineResult second = runner.run(pipeline(in, 4, out));
    pushAndCheckpoint(in, second, 4_000, 9_000, expected);
    second.cancel();
    CheckpointManifest atFour = store.listCheckpoints("rescale").get(store.listCheckpoints("rescale").size() - 1);
    assertThat(atFour.step("count").orElseThrow().keyed()).hasSize(4);

    PipelineResult third = runner.run(pipeline(in, 1, out));
    for (int i = 9_000; i < 12_000; i++) {
      String key = "key" + (i * 31 % 997);
      in.push(key);
      expected.merge(key, 1L, Long::sum);
    }
    in.finish();
    assertThat(third.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);

    Map<String, Long> counts = new HashMap<>();
    Map<String, Long> timers = new HashMap<>();
    for (KV<String, Long> kv : out.results()) {
      if (kv.key().startsWith("timer:")) {
        timers.put(kv.key().split(":")[1], kv.value());
      } else {
        counts.put(kv.key(), kv.value());
      }
    }
    assertThat(counts).isEqualTo(expected);
    assertThat(timers).as("one timer per key survived both rescales, at the latest count")
        .isEqualTo(expected);
    assertThat(out.results()).as("each update committed once").hasSize(12_000 + expected.size())
        .doesNotHaveDuplicates();
    long oneKey = expected.get("key31");
    assertThat(out.results()).contains(KV.of("timer:key31:" + List.of("key31" + (oneKey - 2),
        "key31" + (oneKey - 1), "key31" + oneKey), oneKey));
  }

  @Test
  void aDeltaWithOnePercentChurnIsAtMostOneTwentiethOfAFullCheckpoint() throws Exception {
    CheckpointStore store = CheckpointStores.inMemory();
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("incremental")
        .withParallelism(2));
    p.read("in", in).keyBy("byKey", s -> s, Types.STRING).count("count").write("out", out);
    PipelineResult r = LocalRunner.builder().checkpointStore(store).build().run(p);
    try {
      int keys = 100_000;
      for (int i = 0; i < keys; i++) {
        in.push("user-" + i);
      }
      WeirTest.await(() -> r.metrics().step("count").recordsIn() == keys);
      long full = r.triggerCheckpoint().get();
      for (int i = 0; i < keys / 100; i++) {
        in.push("user-" + (i * 97 % keys));
      }
      WeirTest.await(() -> r.metrics().step("count").recordsIn() == keys + keys / 100);
      long delta = r.triggerCheckpoint().get();
      CheckpointMetrics fullCp = r.checkpoints().stream().filter(c -> c.checkpointId() == full).findFirst().orElseThrow();
      CheckpointMetrics deltaCp = r.checkpoints().stream().filter(c -> c.checkpointId() == delta).findFirst().orElseThrow();
      long fullKeyed = fullCp.bytesPerStep().get("count");
      long deltaKeyed = deltaCp.bytesPerStep().get("count");
      System.out.printf("incremental checkpoints, 100000 keys, 1%% churn: full %d bytes, delta %d bytes "
          + "(ratio 1/%.1f)%n", fullKeyed, deltaKeyed, (double) fullKeyed / deltaKeyed);
      assertThat(deltaCp.deltaBytes()).isPositive();
      assertThat(deltaKeyed * 20).isLessThanOrEqualTo(fullKeyed);
      in.finish();
      assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
      assertThat(out.<String, Long>latestByKey()).hasSize(keys).containsEntry("user-97", 2L)
          .containsEntry("user-1", 1L);
    } finally {
      r.cancel();
    }
  }
}
