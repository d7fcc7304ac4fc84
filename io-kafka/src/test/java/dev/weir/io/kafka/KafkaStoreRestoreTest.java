package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.TimeDomain;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
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
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A keyed count checkpoints into Kafka, crashes for good, and a new runner with a new store
 * instance restores the checkpoint and finishes with the right counts.
 */
class KafkaStoreRestoreTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final int KEYS = 300;
  private static final int RECORDS = 60_000;
  private static final String JOB = "kafka-keyed-count";

  static String key(long i) {
    return "k" + Math.floorMod(i * 7919L, KEYS);
  }

  /** Counts per key; emits each key's final count when the input ends. */
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

  static Pipeline pipeline(Source<String> source, CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(JOB).withParallelism(2));
    p.read("numbers", source)
        .keyBy("byKey", k -> k, Types.STRING)
        .process("count", new FinalCount())
        .write("out", out);
    return p;
  }

  @Test
  void aCheckpointWrittenToKafkaRestoresInANewRunnerAndStore() throws Exception {
    int[] parts = {0, RECORDS * 2 / 5, RECORDS * 7 / 10, RECORDS};
    long checkpoints;
    try (KafkaCheckpointStore store = KafkaCheckpointStore.builder(KAFKA.clientProperties())
        .topicPrefix("restore-").build()) {
      Faults faults = Faults.create().crashAtRecord("count", 0, RECORDS * 4L / 10);
      PushSource<String> in = PushSource.create(Types.STRING);
      PipelineResult r = LocalRunner.builder().checkpointStore(store).faults(faults)
          .restartStrategy(RestartStrategy.none()).build()
          .run(pipeline(in, CollectingSink.create()));
      for (int part = 0; part < 3; part++) {
        for (int i = parts[part]; i < parts[part + 1]; i++) {
          in.push(key(i));
        }
        if (part < 2) {
          long upTo = parts[part + 1];
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (r.metrics().step("count").recordsIn() < upTo && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
          }
          r.triggerCheckpoint().get();
        }
      }
      in.finish();
      try {
        r.waitUntilFinish(Duration.ofSeconds(30));
      } catch (RuntimeException expected) {
        // the planned crash
      }
      assertThat(r.state()).isEqualTo(PipelineResult.State.FAILED);
      assertThat(faults.fired()).isEqualTo(1);
      checkpoints = store.listCheckpoints(JOB).size();
      assertThat(checkpoints).isEqualTo(2);
    }

    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    try (KafkaCheckpointStore store = KafkaCheckpointStore.builder(KAFKA.clientProperties())
        .topicPrefix("restore-").build()) {
      List<CheckpointManifest> written = store.listCheckpoints(JOB);
      assertThat(written).hasSize(2);
      PipelineResult job = LocalRunner.builder().checkpointStore(store).build()
          .run(pipeline(TestSource.generate(Types.STRING, RECORDS, KafkaStoreRestoreTest::key),
              out));
      assertThat(job.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
      assertThat(job.restoredCheckpointIds())
          .containsExactly(written.get(written.size() - 1).checkpointId());
      assertThat(job.metrics().step("numbers").recordsOut()).as("resumed mid-way")
          .isLessThan(RECORDS);
    }
    Map<String, Long> expected = new HashMap<>();
    for (long i = 0; i < RECORDS; i++) {
      expected.merge(key(i), 1L, Long::sum);
    }
    assertThat(out.<String, Long>latestByKey()).isEqualTo(expected);
    assertThat(out.results()).hasSize(KEYS);
  }
}
