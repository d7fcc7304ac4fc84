package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.TestSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Count- and volume-based checkpoint triggers in a running job, and per-checkpoint metrics. */
class CheckpointTriggerTest {

  private static PipelineResult run(PipelineOptions options, CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(options.withParallelism(2));
    p.read("in", TestSource.generate(Types.STRING, 200_000, i -> "key" + i))
        .keyBy("byKey", s -> s, Types.STRING).count("count").write("out", out);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build().run(p);
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    return r;
  }

  @Test
  void everyNRecordsTriggersWhileTheSourcesRead() {
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = run(PipelineOptions.defaults().withJobName("by-records")
        .withSetting("checkpoint.every.records", "40000"), out);
    // 200,000 records: a trigger about every 40,000 while reading (in flight ones are not
    // doubled), plus the final checkpoint.
    assertThat(r.checkpoints()).hasSizeBetween(3, 6);
    assertThat(out.size()).isEqualTo(200_000);
  }

  @Test
  void everyBStateBytesTriggersOnTheVolumeOfChangedState() {
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = run(PipelineOptions.defaults().withJobName("by-bytes")
        .withSetting("checkpoint.every.state.bytes", "500000"), out);
    // 200,000 new keys at ~15-32 bytes each: several volume triggers before the final one.
    assertThat(r.checkpoints()).hasSizeGreaterThanOrEqualTo(3);
    long written = r.checkpoints().stream().mapToLong(CheckpointMetrics::bytes).sum();
    assertThat(written).isGreaterThan(1_000_000);
  }

  @Test
  void checkpointMetricsDescribeEachCompletedCheckpoint() throws Exception {
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = run(PipelineOptions.defaults().withJobName("metrics"), out);
    assertThat(r.checkpoints()).singleElement().satisfies(m -> {
      assertThat(m.checkpointId()).isEqualTo(1L);
      assertThat(m.durationMs()).isNotNegative();
      assertThat(m.fullBytes()).isPositive();
      assertThat(m.deltaBytes()).isZero();
      assertThat(m.bytesPerStep()).containsOnlyKeys("in", "count", "out");
      assertThat(m.bytesPerStep().get("count")).isGreaterThan(200_000L * 5);
    });
  }
}
