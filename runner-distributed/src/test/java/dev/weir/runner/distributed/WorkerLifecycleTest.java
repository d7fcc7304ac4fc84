package dev.weir.runner.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workers coming and going as processes while a job runs: a worker stopped with SIGTERM hands
 * its subtasks over at once, a worker added mid-job takes some, a worker frozen with SIGSTOP
 * past its session timeout is fenced (whatever it writes on waking is ignored) and rejoins as a
 * fresh member, a worker with another version of the job refuses it. Each time the job's
 * read_committed output is exactly a failure-free run's.
 */
class WorkerLifecycleTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  private static DistributedJob submit(DistributedRunner runner, KeyedCountFixture fx, int pace) {
    return runner.submit(KeyedCountJob.class, PipelineOptions.defaults().withJobName("count")
            .withParallelism(3).withCheckpointInterval(Duration.ofMillis(200)),
        List.of(KAFKA.bootstrapServers(), fx.input, fx.output, Integer.toString(pace)));
  }

  private static void assertExact(DistributedJob job, KeyedCountFixture fx) {
    assertThat(job.waitUntilFinish(Duration.ofSeconds(180))).isEqualTo(PipelineResult.State.DONE);
    List<String> committed = fx.committedOutput(KAFKA.clientProperties());
    assertThat(committed).doesNotHaveDuplicates();
    assertThat(committed).containsExactlyInAnyOrderElementsOf(fx.expectedUpdates());
  }

  @Test
  void aWorkerStoppedWithSigtermHandsItsSubtasksOverWithoutWaitingForTheSessionTimeout()
      throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("sigterm", 30_000, 100);
    fx.produce(KAFKA.clientProperties());
    // A session timeout far longer than the test may wait: only a clean leave moves work fast.
    int session = 60_000;
    try (DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "sigterm");
        WorkerProcess a = WorkerProcess.start(KAFKA.bootstrapServers(), "sigterm", "a", session);
        WorkerProcess b = WorkerProcess.start(KAFKA.bootstrapServers(), "sigterm", "b", session)) {
      DistributedJob job = submit(runner, fx, 1000);
      Conditions.await(() -> job.placement().containsValue("a")
          && job.placement().containsValue("b"), Duration.ofSeconds(60), "both workers to run subtasks");
      long cp = Conditions.awaitCheckpointAfter(job, 0, Duration.ofSeconds(60));
      assertThat(b.terminate()).as("exit code of a worker stopped with SIGTERM").isEqualTo(143);
      long stoppedAt = System.nanoTime();
      Conditions.awaitCheckpointAfter(job, cp, Duration.ofSeconds(30));
      assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(30));
      assertThat(job.placement().values()).containsOnly("a");
      assertExact(job, fx);
    }
  }

  @Test
  void aWorkerAddedMidJobTakesSubtasks() throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("added", 30_000, 100);
    fx.produce(KAFKA.clientProperties());
    try (DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "added");
        WorkerProcess a = WorkerProcess.start(KAFKA.bootstrapServers(), "added", "a", 3000)) {
      // Slow enough (about 1,000 records/s per source subtask) to outlast the new worker's start.
      DistributedJob job = submit(runner, fx, 1000);
      long cp = Conditions.awaitCheckpointAfter(job, 0, Duration.ofSeconds(60));
      assertThat(job.placement().values()).containsOnly("a");
      try (WorkerProcess b = WorkerProcess.start(KAFKA.bootstrapServers(), "added", "b", 3000)) {
        Conditions.await(() -> job.state().isTerminal() || job.placement().containsValue("b"),
            Duration.ofSeconds(60), "the added worker to take subtasks");
        assertThat(job.placement().values()).contains("a", "b");
        assertExact(job, fx);
        assertThat(job.restarts()).isGreaterThanOrEqualTo(1);
        assertThat(cp).isGreaterThan(0);
      }
    }
  }

  @Test
  void aWorkerFrozenPastItsSessionTimeoutIsFencedAndRejoinsAsAFreshMember() throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("zombie", 20_000, 100);
    fx.produce(KAFKA.clientProperties());
    int session = 1500;
    try (DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "zombie");
        WorkerProcess a = WorkerProcess.start(KAFKA.bootstrapServers(), "zombie", "a", session);
        WorkerProcess z = WorkerProcess.start(KAFKA.bootstrapServers(), "zombie", "z", session)) {
      DistributedJob job = submit(runner, fx, 1500);
      Conditions.await(() -> job.placement().containsValue("z") && job.latestCheckpointId() > 0,
          Duration.ofSeconds(60), "worker z to run subtasks and a checkpoint to complete");
      long epochBefore = job.epoch();
      long rebalancesBefore = rebalances(z);
      z.pause();
      try {
        // The group drops z after its session timeout; the job goes on without it.
        Conditions.await(() -> job.epoch() > epochBefore && !job.placement().containsValue("z"),
            Duration.ofSeconds(60), "the job to move z's subtasks");
        long cp = job.latestCheckpointId();
        Conditions.awaitCheckpointAfter(job, cp, Duration.ofSeconds(60));
      } finally {
        z.resume();
      }
      // z wakes up with its old epoch's tasks: whatever they write is ignored; z rejoins.
      Conditions.await(() -> job.state().isTerminal() || job.placement().containsValue("z"),
          Duration.ofSeconds(60), "z to rejoin as a fresh member");
      assertExact(job, fx);
      // After waking, z joined the group again (a fresh assignment) instead of going on alone.
      assertThat(rebalances(z)).isGreaterThan(rebalancesBefore);
    }
  }

  private static long rebalances(WorkerProcess w) throws java.io.IOException {
    return Files.readAllLines(w.log()).stream().filter(l -> l.contains("' rebalance ")).count();
  }

  @Test
  void aWorkerWithAnotherVersionOfTheJobRefusesItAndTheOthersRunIt() throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("version", 5_000, 50);
    fx.produce(KAFKA.clientProperties());
    try (DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "version");
        WorkerProcess good = WorkerProcess.start(KAFKA.bootstrapServers(), "version", "good", 3000);
        WorkerProcess other = WorkerProcess.start(KAFKA.bootstrapServers(), "version", "other",
            3000, List.of("-Dweir.test.otherJobVersion=true"))) {
      DistributedJob job = submit(runner, fx, 0);
      assertExact(job, fx);
      assertThat(job.placement().values()).containsOnly("good");
      Conditions.await(() -> {
        try {
          return Files.readString(other.log()).contains("refused job");
        } catch (java.io.IOException e) {
          return false;
        }
      }, Duration.ofSeconds(30), "the other worker to log its refusal");
      String log = Files.readString(other.log());
      assertThat(log).contains("refused job '" + job.jobName() + "'")
          .contains("differs from the submitted one")
          .contains("step 2 differs: here 'nonEmpty");
    }
  }
}
