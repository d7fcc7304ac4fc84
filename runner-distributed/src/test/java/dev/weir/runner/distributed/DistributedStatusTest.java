package dev.weir.runner.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.StepMetrics;
import dev.weir.sdk.SubtaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status of a running distributed job, as a client reads it from the status topic: a slow
 * last step backpressures the step before its exchange (its task waits for its reader most of
 * the time) and not itself; rates are above 0 while the job runs; the watermark crosses the
 * exchange; each subtask names the worker the placement gives it.
 */
class DistributedStatusTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  @Test
  void aSlowStepBackpressuresItsUpstreamAndTheStatusShowsRatesWatermarksAndWorkers()
      throws Exception {
    try (Worker w1 = Worker.builder(KAFKA.clientProperties()).cluster("status").name("w1")
            .sessionTimeoutMs(2000).start();
        Worker w2 = Worker.builder(KAFKA.clientProperties()).cluster("status").name("w2")
            .sessionTimeoutMs(2000).start();
        DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "status")) {
      DistributedJob job = runner.submit(SlowSinkJob.class, PipelineOptions.defaults()
          .withJobName("slow").withParallelism(2)
          .withCheckpointInterval(Duration.ofSeconds(1)), List.of());
      try {
        AtomicReference<JobMetrics> seen = new AtomicReference<>();
        Conditions.await(() -> {
          JobMetrics m = job.metrics();
          seen.set(m);
          return m.steps().keySet().containsAll(List.of("numbers", "stamped", "slow"))
              && m.step("numbers").backpressureRatio() > 0.5
              && m.step("slow").recordsInPerSecond() > 0
              && m.step("slow").watermark() > Long.MIN_VALUE;
        }, Duration.ofSeconds(60), "the source backpressured, records and a watermark at 'slow'");
        JobMetrics m = seen.get();
        StepMetrics numbers = m.step("numbers");
        StepMetrics stamped = m.step("stamped");
        StepMetrics slow = m.step("slow");
        assertThat(job.state()).isEqualTo(PipelineResult.State.RUNNING);
        // The source's task (numbers -> stamped) waits for the slow step's readers ...
        assertThat(numbers.backpressureRatio()).isGreaterThan(0.5);
        assertThat(stamped.backpressureRatio()).isGreaterThan(0.5);
        // ... which never wait: they have no output channel.
        assertThat(slow.backpressureRatio()).isLessThan(0.05);
        assertThat(numbers.recordsOutPerSecond()).isPositive();
        assertThat(slow.recordsInPerSecond()).isPositive()
            .as("2 subtasks at about 1,000 records/s each").isLessThan(5_000);
        assertThat(slow.recordsIn()).isPositive();
        assertThat(m.subtasks("slow")).hasSize(2);
        // Watermarks are the numbers (event time = value), passed through the exchange.
        assertThat(slow.watermark()).isGreaterThanOrEqualTo(0).isLessThan(stamped.recordsOut());

        List<SubtaskStatus> subtasks = job.subtaskStatus();
        Map<String, String> placement = job.placement();
        assertThat(subtasks).extracting(s -> s.task() + "#" + s.subtask())
            .containsExactly("numbers#0", "slow#0", "slow#1");
        assertThat(subtasks).allSatisfy(s -> {
          assertThat(s.worker()).isEqualTo(placement.get(s.task() + "#" + s.subtask()))
              .isIn("w1", "w2");
          assertThat(s.state()).isEqualTo("RUNNING");
          assertThat(s.restarts()).isEqualTo(job.restarts());
        });
        assertThat(subtasks.get(0).steps()).containsExactly("numbers", "stamped");
        assertThat(subtasks.get(1).steps()).containsExactly("slow");
        assertThat(subtasks.get(0).recordsOut()).isPositive();
        assertThat(subtasks.get(1).recordsIn() + subtasks.get(2).recordsIn()).isPositive();
        System.out.printf("status figures: numbers %.0f rec/s out, backpressure %.2f; slow %.0f "
            + "rec/s in, backpressure %.2f, watermark %d%n", numbers.recordsOutPerSecond(),
            numbers.backpressureRatio(), slow.recordsInPerSecond(), slow.backpressureRatio(),
            slow.watermark());
      } finally {
        job.cancel();
      }
      assertThat(job.state()).isEqualTo(PipelineResult.State.CANCELLED);
    }
  }
}
