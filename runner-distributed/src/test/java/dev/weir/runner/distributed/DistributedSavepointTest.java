package dev.weir.runner.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.testing.CommittedReader;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.spi.Savepoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and savepoints on request on the distributed runner (two worker processes), and a
 * savepoint of a distributed job restored by a new distributed job (whose count step was
 * renamed) and by the local runner, each at another parallelism: the same pipeline everywhere,
 * its state carried exactly; a stop with a savepoint that survives the loss of the
 * coordinator's worker.
 */
class DistributedSavepointTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  @TempDir
  Path tmp;

  @Test
  void aSavepointOfADistributedJobRestoresOnTheLocalRunnerAndCountsContinueExactly()
      throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("sp", 40_000, 50);
    fx.produce(KAFKA.clientProperties());
    Path sp;
    try (WorkerProcess w1 = WorkerProcess.start(KAFKA.bootstrapServers(), "sp", "w1", 2000);
        WorkerProcess w2 = WorkerProcess.start(KAFKA.bootstrapServers(), "sp", "w2", 2000);
        DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "sp")) {
      // Paced (about 1,000 records/s per subtask): the job runs for about 20 s, long enough for
      // a checkpoint and a savepoint on request while it runs.
      DistributedJob job = runner.submit(KeyedCountJob.class, PipelineOptions.defaults()
              .withJobName("count").withParallelism(2)
              .withCheckpointInterval(Duration.ofSeconds(30)),
          List.of(KAFKA.bootstrapServers(), fx.input, fx.output, "1000"));
      Conditions.await(() -> job.epoch() > 0 && job.placement().size() > 2,
          Duration.ofSeconds(60), "the job to run on both workers");
      // The savepoint must hold counts, else the resumed job's counts would start from 1 and
      // restoring could not be told from reading from scratch. The sink writes its updates when
      // a checkpoint completes, so checkpoints on request until 200 updates are committed.
      long id = job.triggerCheckpoint().get(60, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (committedUpdates(fx.output) < 200) {
        assertThat(System.nanoTime() - deadline).as("200 committed updates within 60 s")
            .isNegative();
        id = job.triggerCheckpoint().get(60, TimeUnit.SECONDS);
      }
      assertThat(id).isPositive();
      assertThat(job.checkpoints()).extracting(CheckpointMetrics::checkpointId).contains(id);

      sp = job.savepoint(tmp).get(60, TimeUnit.SECONDS);
      Savepoint saved = Savepoint.open(sp);
      assertThat(saved.manifest().savepoint()).isTrue();
      assertThat(saved.manifest().jobId()).isEqualTo(job.jobName());
      assertThat(saved.manifest().checkpointId()).isGreaterThan(id);
      for (StateHandle h : saved.manifest().referencedHandles()) {
        saved.store().verify(h);
      }
      // (Not asserted: that the job still runs here; a paced job may end while the savepoint's
      // blobs are verified, which would make the assertion a race.)
      job.cancel();

      // A new distributed job from the savepoint, at parallelism 3, whose count step was
      // renamed: refused without the rename (before anything is written), and a rename of a
      // step the savepoint lacks is refused naming the steps it has.
      List<String> renamedArgs = List.of(KAFKA.bootstrapServers(), fx.input, "sp-dist-out", "0",
          "wordCount");
      PipelineOptions v2 = PipelineOptions.defaults().withJobName("count-v2").withParallelism(3)
          .withCheckpointInterval(Duration.ofMillis(500));
      int jobsBefore = runner.jobs().size();
      assertThatThrownBy(() -> runner.submit(KeyedCountJob.class.getName(), v2, renamedArgs,
          KeyedCountJob.class.getClassLoader(), sp, false))
          .hasMessageContaining("holds state of step 'count', which the pipeline no longer has");
      assertThatThrownBy(() -> runner.submit(KeyedCountJob.class.getName(), v2, renamedArgs,
          KeyedCountJob.class.getClassLoader(), sp, false, Map.of("counts", "wordCount")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no step 'counts' (its stateful steps: ");
      assertThat(runner.jobs()).as("nothing submitted").hasSize(jobsBefore);
      DistributedJob resumed = runner.submit(KeyedCountJob.class.getName(), v2, renamedArgs,
          KeyedCountJob.class.getClassLoader(), sp, false, Map.of("count", "wordCount"));
      assertThat(resumed.waitUntilFinish(Duration.ofSeconds(120)))
          .isEqualTo(PipelineResult.State.DONE);
      assertCountsContinueExactly(fx, "sp-dist-out");
    }

    // The same pipeline on the local runner, from the savepoint, at parallelism 3, writing to a
    // topic of its own: it reads the input after the savepoint's positions to the end.
    String localOut = "sp-local-out";
    PipelineResult local = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp).build().run(new KeyedCountJob().create(PipelineOptions.defaults()
            .withJobName("count-local").withParallelism(3),
            List.of(KAFKA.bootstrapServers(), fx.input, localOut)));
    assertThat(local.waitUntilFinish(Duration.ofSeconds(120)))
        .isEqualTo(PipelineResult.State.DONE);
    assertCountsContinueExactly(fx, localOut);
  }

  /**
   * A stop with a savepoint is requested and the coordinator's worker is killed (SIGKILL) at
   * once, so the stop is in progress when the job rolls back: the next epoch's coordinator finds
   * the request and stops the job. The savepoint and the committed output agree exactly: a job
   * resumed from the savepoint, writing to the same topic, completes every key's counts with no
   * update missing or repeated.
   */
  @Test
  void aStopWithSavepointSurvivesTheLossOfTheCoordinatorsWorker() throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("stopkill", 30_000, 50);
    fx.produce(KAFKA.clientProperties());
    List<WorkerProcess> workers = new ArrayList<>();
    try (DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "stopkill")) {
      for (int i = 0; i < 3; i++) {
        workers.add(WorkerProcess.start(KAFKA.bootstrapServers(), "stopkill", "w" + i, 1500));
      }
      // Paced (about 500 records/s per subtask): the job would run for about 15 s.
      DistributedJob job = runner.submit(KeyedCountJob.class, PipelineOptions.defaults()
              .withJobName("count").withParallelism(4)
              .withCheckpointInterval(Duration.ofMillis(300)),
          List.of(KAFKA.bootstrapServers(), fx.input, fx.output, "500"));
      Conditions.await(() -> job.state().isTerminal() || job.epoch() > 0
              && job.placement().size() > 1 && committedUpdates(fx.output) >= 200,
          Duration.ofSeconds(90), "the job to run and commit 200 updates");
      assertThat(job.state()).isEqualTo(PipelineResult.State.RUNNING);
      long epoch = job.epoch();
      String coordinator = job.placement().get("coordinator");
      WorkerProcess victim = workers.stream().filter(w -> w.name().equals(coordinator))
          .findFirst().orElseThrow();

      var stopped = job.stopWithSavepoint(tmp);
      victim.kill9();
      workers.remove(victim);
      Path sp = stopped.get(150, TimeUnit.SECONDS);
      assertThat(job.state()).isEqualTo(PipelineResult.State.STOPPED);
      // The stop takes several round trips through Kafka: it cannot end before the kill lands.
      assertThat(job.epoch()).as("the stop was finished by a later epoch's coordinator")
          .isGreaterThan(epoch);
      Savepoint saved = Savepoint.open(sp);
      assertThat(saved.manifest().savepoint()).isTrue();
      List<String> beforeResume = fx.committedOutput(KAFKA.clientProperties());
      assertThat(beforeResume).doesNotHaveDuplicates().hasSizeLessThan((int) fx.records);

      DistributedJob resumed = runner.submit(KeyedCountJob.class.getName(),
          PipelineOptions.defaults().withJobName("count-resumed").withParallelism(2)
              .withCheckpointInterval(Duration.ofMillis(500)),
          List.of(KAFKA.bootstrapServers(), fx.input, fx.output),
          KeyedCountJob.class.getClassLoader(), sp, false);
      assertThat(resumed.waitUntilFinish(Duration.ofSeconds(120)))
          .isEqualTo(PipelineResult.State.DONE);
      List<String> committed = fx.committedOutput(KAFKA.clientProperties());
      assertThat(committed).doesNotHaveDuplicates();
      assertThat(committed).containsExactlyInAnyOrderElementsOf(fx.expectedUpdates());
    } finally {
      for (WorkerProcess w : workers) {
        w.close();
      }
    }
  }

  /** How many committed records {@code topic} holds; 0 before it exists. */
  private static long committedUpdates(String topic) {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
        return 0;
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot list topics", e);
    }
    return CommittedReader.read(KAFKA.clientProperties(), topic, true, Duration.ofSeconds(10),
        r -> { });
  }

  /**
   * The updates in {@code topic} continue each key's count from the savepoint, one by one, to
   * its total: nothing lost, nothing repeated, and the savepoint's state was restored.
   */
  private static void assertCountsContinueExactly(KeyedCountFixture fx, String topic) {
    Map<String, Integer> totals = new HashMap<>();
    for (long i = 0; i < fx.records; i++) {
      totals.merge(KeyedCountFixture.word(i, fx.keys), 1, Integer::sum);
    }
    Map<String, List<Integer>> updates = new LinkedHashMap<>();
    CommittedReader.read(KAFKA.clientProperties(), topic, true, Duration.ofSeconds(10),
        r -> updates.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8),
            k -> new ArrayList<>()).add(Integer.parseInt(new String(r.value(),
                StandardCharsets.UTF_8))));
    assertThat(updates).isNotEmpty();
    boolean restored = false;
    for (Map.Entry<String, List<Integer>> e : updates.entrySet()) {
      List<Integer> counts = e.getValue();
      // Each key continues from its count in the savepoint, one by one, to its total.
      assertThat(counts.get(counts.size() - 1)).as(e.getKey()).isEqualTo(totals.get(e.getKey()));
      for (int i = 1; i < counts.size(); i++) {
        assertThat(counts.get(i)).as(e.getKey()).isEqualTo(counts.get(i - 1) + 1);
      }
      restored |= counts.get(0) > 1;
    }
    assertThat(restored).as("counts continue from the savepoint's state").isTrue();
  }
}
