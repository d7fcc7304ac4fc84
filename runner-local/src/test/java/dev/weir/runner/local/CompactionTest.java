package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.TimeDomain;
import dev.weir.sdk.state.MapState;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Types;
import dev.weir.testing.WeirTest;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Delta chains that are compacted into new full snapshots (reading the chain back and merging
 * upserts, deletions and timers) restore exactly the live state.
 */
class CompactionTest {

  /** "k=v" sets k's value and a timer; "k=" deletes k; emits the final state at the end. */
  static final class Registry extends KeyedProcessFn<String, String, String> {
    static final StateSpec<ValueState<String>> VALUE = StateSpec.value("value", Types.STRING);
    static final StateSpec<MapState<String, Long>> SEEN = StateSpec.map("seen", Types.STRING, Types.LONG);

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(VALUE, SEEN);
    }

    @Override
    public void processElement(String record, Context<String, String> ctx) {
      String v = record.substring(record.indexOf('=') + 1);
      if (v.isEmpty()) {
        ctx.state(VALUE).clear();
        ctx.state(SEEN).clear();
        ctx.timers().deleteEventTimeTimer(Long.MAX_VALUE - 1);
      } else {
        ctx.state(VALUE).update(v);
        MapState<String, Long> seen = ctx.state(SEEN);
        seen.put(v, seen.getOrDefault(v, 0L) + 1);
        ctx.timers().registerEventTimeTimer(Long.MAX_VALUE - 1);
      }
    }

    @Override
    public void onTimer(long timestamp, TimeDomain domain, Context<String, String> ctx) {
      ctx.output(ctx.key() + "=" + ctx.state(VALUE).value() + " " + new TreeMap<>(ctx.state(SEEN).entries()));
    }
  }

  private static Pipeline pipeline(PushSource<String> in, CollectingSink<String> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("compaction")
        .withParallelism(2).withSetting("checkpoint.max.delta.chain", "2"));
    p.read("in", in).withParallelism(1)
        .keyBy("byKey", r -> r.substring(0, r.indexOf('=')), Types.STRING)
        .process("registry", new Registry())
        .write("out", out);
    return p;
  }

  @Test
  void compactedChainsRestoreExactlyTheLiveState() throws Exception {
    Random random = new Random(42);
    Map<String, String> value = new HashMap<>();
    Map<String, Map<String, Long>> seen = new HashMap<>();
    CheckpointStore store = CheckpointStores.inMemory();
    PushSource<String> in = PushSource.create(Types.STRING);
    LocalRunner runner = LocalRunner.builder().checkpointStore(store).build();
    PipelineResult first = runner.run(pipeline(in, CollectingSink.create()));
    long pushed = 0;
    for (int round = 0; round < 9; round++) {
      int updates = round == 0 ? 2_000 : 150;
      for (int i = 0; i < updates; i++) {
        String k = "key" + random.nextInt(2_000);
        boolean delete = round > 0 && random.nextInt(5) == 0;
        String v = delete ? "" : "v" + random.nextInt(4);
        in.push(k + "=" + v);
        pushed++;
        if (delete) {
          value.remove(k);
          seen.remove(k);
        } else {
          value.put(k, v);
          seen.computeIfAbsent(k, x -> new TreeMap<>()).merge(v, 1L, Long::sum);
        }
      }
      long n = pushed;
      WeirTest.await(() -> first.metrics().step("registry").recordsIn() == n);
      first.triggerCheckpoint().get();
    }
    first.cancel();
    List<CheckpointMetrics> cps = first.checkpoints();
    assertThat(cps.stream().filter(c -> c.deltaBytes() > 0).count()).as("deltas were written").isPositive();
    assertThat(cps.stream().skip(1).filter(c -> c.fullBytes() > c.deltaBytes()).count())
        .as("and compacted into new full snapshots").isPositive();

    CollectingSink<String> out = CollectingSink.create();
    in.finish();
    PipelineResult second = runner.run(pipeline(in, out));
    assertThat(second.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    List<String> expected = value.keySet().stream()
        .map(k -> k + "=" + value.get(k) + " " + seen.get(k)).toList();
    assertThat(out.results()).containsExactlyInAnyOrderElementsOf(expected);
  }
}
