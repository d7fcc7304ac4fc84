package dev.weir.runner.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The distributed runner with its workers in this JVM (fast to debug; the failure tests start
 * workers as processes): a keyed count over Kafka runs to its end with exactly the updates of a
 * plain count.
 */
class DistributedRunnerInProcessTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  @Test
  void aKeyedCountOnTwoWorkersWritesEveryUpdateExactlyOnce() throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("inproc", 20_000, 50);
    fx.produce(KAFKA.clientProperties());
    try (Worker w1 = Worker.builder(KAFKA.clientProperties()).cluster("inproc").name("w1")
            .sessionTimeoutMs(2000).start();
        Worker w2 = Worker.builder(KAFKA.clientProperties()).cluster("inproc").name("w2")
            .sessionTimeoutMs(2000).start();
        DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "inproc")) {
      DistributedJob job = runner.submit(KeyedCountJob.class, PipelineOptions.defaults()
          .withJobName("count").withParallelism(2).withCheckpointInterval(Duration.ofMillis(200)),
          fx.args(KAFKA.bootstrapServers()));
      assertThat(job.waitUntilFinish(Duration.ofSeconds(120))).isEqualTo(PipelineResult.State.DONE);
      assertThat(fx.committedOutput(KAFKA.clientProperties()))
          .containsExactlyInAnyOrderElementsOf(fx.expectedUpdates());
      assertThat(job.placement().values()).contains("w1", "w2");
      // The history holds every completed checkpoint once, oldest first, up to the latest.
      List<Long> ids = job.checkpoints().stream().map(CheckpointMetrics::checkpointId).toList();
      assertThat(ids).isNotEmpty().isSorted().doesNotHaveDuplicates()
          .endsWith(job.latestCheckpointId());
      assertThat(job.checkpoints()).allSatisfy(m -> {
        assertThat(m.durationMs()).isNotNegative();
        assertThat(m.bytesPerStep()).isNotEmpty();
      });
    }
  }
}
