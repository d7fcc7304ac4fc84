package dev.weir.examples.recovery;

import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.TimeDomain;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.Faults;
import dev.weir.testing.PushSource;
import dev.weir.testing.TestSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A keyed count whose final per-key counts are emitted when the input ends (an event-time
 * timer at the end of time), so a run that restored state from a checkpoint can check the
 * state itself. Also a {@code main} that a test starts in a separate JVM.
 */
public final class KeyedCountJob {
  static final int KEYS = 2_000;
  static final int RECORDS = 1_000_000;

  static String key(long i) {
    return "k" + Math.floorMod(i * 7919L, KEYS);
  }

  static Map<String, Long> expected() {
    Map<String, Long> m = new HashMap<>();
    for (long i = 0; i < RECORDS; i++) {
      m.merge(key(i), 1L, Long::sum);
    }
    return m;
  }

  /** Counts per key; emits each key's final count at the end of the input. */
  static final class FinalCount extends KeyedProcessFn<String, String, KV<String, Long>> {
    static final StateSpec<ValueState<Long>> COUNT = StateSpec.value("count", Types.LONG);

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(COUNT);
    }

    @Override
    public void processElement(String value, Context<String, KV<String, Long>> ctx) {
      ValueState<Long> c = ctx.state(COUNT);
      c.update(c.valueOr(0L) + 1);
      ctx.timers().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }

    @Override
    public void onTimer(long timestamp, TimeDomain domain, Context<String, KV<String, Long>> ctx) {
      ctx.output(KV.of(ctx.key(), ctx.state(COUNT).value()));
    }
  }

  static Pipeline pipeline(CollectingSink<KV<String, Long>> out) {
    return pipeline(TestSource.generate(Types.STRING, RECORDS, KeyedCountJob::key), out);
  }

  /**
   * The job over {@code source}; a {@link PushSource} and a {@link TestSource} of the same
   * records have the same position format, so either restores the other's checkpoints.
   */
  static Pipeline pipeline(dev.weir.sdk.io.Source<String> source, CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("keyed-count")
        .withParallelism(2));
    p.read("numbers", source)
        .keyBy("byKey", k -> k, Types.STRING)
        .process("count", new FinalCount())
        .write("out", out);
    return p;
  }

  /**
   * Runs the job on a Chronicle store in {@code args[0]}: feeds the records in three parts,
   * takes a checkpoint after each of the first two, and crashes for good (no restart) in the
   * third, at record {@code args[1]} of subtask 0 of the count step. Exits 0 when it failed
   * as planned with two checkpoints in the store.
   */
  public static void main(String[] args) throws Exception {
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(Path.of(args[0]))) {
      Faults faults = Faults.create().crashAtRecord("count", 0, Long.parseLong(args[1]));
      PushSource<String> in = PushSource.create(Types.STRING);
      PipelineResult r = LocalRunner.builder().checkpointStore(store).faults(faults)
          .restartStrategy(RestartStrategy.none()).build().run(pipeline(in, CollectingSink.create()));
      int[] parts = {0, RECORDS * 2 / 5, RECORDS * 7 / 10, RECORDS};
      for (int part = 0; part < 3; part++) {
        for (int i = parts[part]; i < parts[part + 1]; i++) {
          in.push(key(i));
        }
        if (part < 2) {
          long upTo = parts[part + 1];
          while (r.metrics().step("count").recordsIn() < upTo) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
          }
          System.out.println("checkpoint " + r.triggerCheckpoint().get() + " after " + upTo + " records");
        }
      }
      in.finish();
      try {
        r.waitUntilFinish(Duration.ofSeconds(60));
      } catch (RuntimeException expected) {
        System.out.println("failed as planned: " + expected.getMessage());
      }
      int checkpoints = store.listCheckpoints("keyed-count").size();
      System.out.println("checkpoints: " + checkpoints);
      System.exit(r.state() == PipelineResult.State.FAILED && faults.fired() == 1 && checkpoints == 2 ? 0 : 1);
    }
  }
}
