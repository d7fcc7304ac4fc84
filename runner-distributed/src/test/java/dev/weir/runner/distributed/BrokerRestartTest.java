package dev.weir.runner.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker restarts while a job runs on two worker processes: the workers' clients
 * reconnect, the job rolls back to its latest checkpoint as often as it must, and the
 * read_committed output is exactly a failure-free run's.
 */
class BrokerRestartTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  @Test
  void aBrokerRestartMidJobIsSurvivedWithExactOutput() throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("restart", 30_000, 100);
    fx.produce(KAFKA.clientProperties());
    try (DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "restart");
        WorkerProcess a = WorkerProcess.start(KAFKA.bootstrapServers(), "restart", "a", 3000);
        WorkerProcess b = WorkerProcess.start(KAFKA.bootstrapServers(), "restart", "b", 3000)) {
      DistributedJob job = runner.submit(KeyedCountJob.class, PipelineOptions.defaults()
              .withJobName("count").withParallelism(3).withCheckpointInterval(Duration.ofMillis(200)),
          List.of(KAFKA.bootstrapServers(), fx.input, fx.output, "1000"));
      long cp = Conditions.awaitCheckpointAfter(job, 0, Duration.ofSeconds(60));
      assertThat(job.state()).isEqualTo(PipelineResult.State.RUNNING);
      KAFKA.broker().restart();
      Conditions.awaitCheckpointAfter(job, cp, Duration.ofSeconds(120));
      assertThat(job.waitUntilFinish(Duration.ofSeconds(180))).isEqualTo(PipelineResult.State.DONE);
      assertThat(a.isAlive() && b.isAlive()).as("both workers outlived the broker restart").isTrue();
      List<String> committed = fx.committedOutput(KAFKA.clientProperties());
      assertThat(committed).doesNotHaveDuplicates();
      assertThat(committed).containsExactlyInAnyOrderElementsOf(fx.expectedUpdates());
    }
  }
}
