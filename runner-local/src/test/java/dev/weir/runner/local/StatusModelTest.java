package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.CheckpointFailure;
import dev.weir.sdk.CheckpointFailureReason;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.CheckpointTrigger;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.JobPlan;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.StepMetrics;
import dev.weir.sdk.SubtaskStatus;
import dev.weir.sdk.checkpoint.InMemoryCheckpointStore;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.Faults;
import dev.weir.testing.PushSource;
import dev.weir.testing.TestSource;
import dev.weir.testing.WeirTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What the local runner reports for consoles: rates and the backpressure ratio of a blocked
 * producer, subtask states, the plan, and each checkpoint's trigger, with the failed ones and
 * their reasons.
 */
class StatusModelTest {

  @Test
  void aProducerBlockedByASlowSinkReportsItsBackpressure() throws Exception {
    BackpressureTest.GatedSink sink = new BackpressureTest.GatedSink();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("bp").withParallelism(1));
    p.read("numbers", TestSource.sequence(1_000_000))
        .map("plusOne", x -> x + 1)
        .write("slow", sink).withParallelism(2);
    PipelineResult job = LocalRunner.builder().batchSize(16).channelCapacity(2).build().run(p);
    try {
      sink.permits.release(1_000);
      // The source task waits for room nearly all the time once the sink stops taking records.
      JobMetrics[] seen = new JobMetrics[1];
      WeirTest.await(() -> {
        seen[0] = job.metrics();
        return seen[0].step("numbers").backpressureRatio() > 0.9;
      });
      StepMetrics plusOne = seen[0].step("plusOne");
      assertThat(plusOne.backpressureRatio()).isGreaterThan(0.9); // same task as the source
      assertThat(seen[0].step("slow").backpressureRatio()).isEqualTo(0.0);
      List<SubtaskStatus> subtasks = job.subtaskStatus();
      assertThat(subtasks).extracting(SubtaskStatus::task).containsExactly("numbers", "slow", "slow");
      assertThat(subtasks.get(0).steps()).containsExactly("numbers", "plusOne");
      assertThat(subtasks.get(0).backpressureRatio()).isGreaterThan(0.5);
      assertThat(subtasks).allSatisfy(s -> {
        assertThat(s.state()).isEqualTo("RUNNING");
        assertThat(s.worker()).isEqualTo("local");
      });
      JobPlan plan = job.plan().orElseThrow();
      assertThat(plan.chains()).extracting(JobPlan.Chain::steps)
          .containsExactly(List.of("numbers", "plusOne"), List.of("slow"));
      assertThat(plan.exchanges()).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo("REBALANCE");
        assertThat(e.fromStep()).isEqualTo("plusOne");
        assertThat(e.toStep()).isEqualTo("slow");
      });
    } finally {
      sink.permits.release(Integer.MAX_VALUE / 2);
      job.cancel();
    }
  }

  @Test
  void ratesFollowTheRecordsOfTheLastSecond() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("rates").withParallelism(1));
    p.read("in", in).write("out", CollectingSink.create());
    PipelineResult job = LocalRunner.create().run(p);
    try {
      assertThat(job.metrics().step("in").recordsOutPerSecond()).isZero(); // no earlier reading
      String[] batch = new String[5_000];
      java.util.Arrays.fill(batch, "x");
      in.push(batch);
      WeirTest.await(() -> job.metrics().step("out").recordsIn() == 5_000);
      // Within a second of the records, a rate shows; a second of nothing brings it to 0.
      assertThat(job.metrics().step("out").recordsInPerSecond()).isGreaterThan(0);
      long quietSince = System.nanoTime();
      WeirTest.await(() -> job.metrics().step("out").recordsInPerSecond() == 0);
      assertThat(System.nanoTime() - quietSince).isGreaterThan(500_000_000L);
    } finally {
      job.cancel();
    }
  }

  @Test
  void checkpointsReportTheirTriggerAndFailuresTheirReason() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<dev.weir.sdk.types.KV<String, Long>> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("triggers").withParallelism(1));
    p.read("in", in).keyBy("byWord", w -> w, Types.STRING).count("count").write("out", out);
    Faults faults = Faults.create().crashDuringAsyncWrite("count", 0, 2);
    PipelineResult job = LocalRunner.builder().checkpointStore(new InMemoryCheckpointStore())
        .faults(faults).build().run(p);
    in.push("a", "b", "a");
    long first = job.triggerCheckpoint().get();
    CompletableFuture<Long> second = job.triggerCheckpoint();
    WeirTest.await(second::isDone);
    assertThat(second).isCompletedExceptionally();
    WeirTest.await(() -> job.restarts() == 1);
    in.push("c");
    in.finish();
    assertThat(job.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);

    List<CheckpointMetrics> done = job.checkpoints();
    assertThat(done.get(0).checkpointId()).isEqualTo(first);
    assertThat(done.get(0).trigger()).isEqualTo(CheckpointTrigger.ON_DEMAND);
    assertThat(done.get(done.size() - 1).trigger()).isEqualTo(CheckpointTrigger.FINAL);
    assertThat(done).allSatisfy(m -> assertThat(m.savepoint()).isFalse());
    List<CheckpointFailure> failed = job.failedCheckpoints();
    assertThat(failed).singleElement().satisfies(f -> {
      assertThat(f.checkpointId()).isEqualTo(first + 1);
      assertThat(f.trigger()).isEqualTo(CheckpointTrigger.ON_DEMAND);
      assertThat(f.reason()).isIn(CheckpointFailureReason.TASK_FAILURE, CheckpointFailureReason.JOB_FAILING);
      assertThat(f.message()).contains("Checkpoint " + (first + 1) + " failed");
      assertThat(f.failureTimestamp()).isGreaterThanOrEqualTo(f.triggerTimestamp());
    });
  }
}
