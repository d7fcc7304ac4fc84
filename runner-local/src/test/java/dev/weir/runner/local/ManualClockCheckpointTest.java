package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.testing.ManualClock;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import dev.weir.testing.WeirTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runner's clock is the processing time of timers only: periodic checkpoints keep their
 * real-time schedule when a test freezes that clock.
 */
class ManualClockCheckpointTest {

  @Test
  void periodicCheckpointsRunOnRealTimeWhileTimersFollowTheManualClock() throws Exception {
    ManualClock clock = ManualClock.at(1_000_000L);
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("manual-clock")
        .withParallelism(2).withCheckpointInterval(Duration.ofMillis(50)));
    p.read("in", in).keyBy("byKey", k -> k, Types.STRING).count("count").write("out", out);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .clock(clock).build().run(p);
    try {
      in.push("a", "b", "a");
      // Committed output needs a completed checkpoint; the manual clock never moves.
      out.awaitSize(3, Duration.ofSeconds(30));
      WeirTest.await("3 checkpoints complete", () -> r.checkpoints().size() >= 3,
          Duration.ofSeconds(30));
      assertThat(out.<String, Long>latestByKey()).isEqualTo(Map.of("a", 2L, "b", 1L));
      assertThat(clock.millis()).as("nothing moved the manual clock").isEqualTo(1_000_000L);
    } finally {
      r.cancel();
    }
  }
}
