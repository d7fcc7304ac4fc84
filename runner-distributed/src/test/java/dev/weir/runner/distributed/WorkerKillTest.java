package dev.weir.runner.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.protocol.ControlMessage;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runner.distributed.internal.worker.TopicTail;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 for real: three worker processes run a Kafka topic → keyed count (parallelism 4) →
 * transactional Kafka sink; a seeded schedule kills workers with SIGKILL while the job runs
 * (a random worker, the coordinator's worker, a worker while a checkpoint is being aligned),
 * starting a replacement each time. After every kill the job continues on the survivors, and
 * the read_committed output equals a failure-free run's: every count update exactly once.
 *
 * <p>Rerun a schedule with {@code -Dweir.kill.seed=<seed>}; {@code -Dweir.kill.runs=<n>} runs
 * more schedules (default 3, with 4 kills each).
 */
class WorkerKillTest {
  private static final int SESSION_TIMEOUT_MS = 1500;
  private static final int KILLS_PER_RUN = 4;

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  private static final AtomicLong KILLS = new AtomicLong();
  private static final List<Long> RECOVERY_MS = new ArrayList<>();

  enum Victim { ANY, COORDINATOR, ALIGNING }

  @Test
  void killsDuringARunLoseNothingAndDuplicateNothing() throws Exception {
    long seed = Long.getLong("weir.kill.seed", System.nanoTime() % 100_000);
    int runs = Integer.getInteger("weir.kill.runs", 3);
    for (int run = 0; run < runs; run++) {
      runSchedule(seed + run);
    }
    assertThat(KILLS.get()).isGreaterThanOrEqualTo(10L * runs / 3);
  }

  private void runSchedule(long seed) throws Exception {
    String rerun = "seed " + seed + " (rerun: mvn -pl runner-distributed verify -Dtest=WorkerKillTest "
        + "-Dweir.kill.seed=" + seed + " -Dweir.kill.runs=1)";
    System.out.println("WorkerKillTest: " + rerun);
    Random random = new Random(seed);
    String cluster = "kill" + seed;
    KeyedCountFixture fx = new KeyedCountFixture(cluster, 30_000, 300);
    fx.produce(KAFKA.clientProperties());
    List<WorkerProcess> workers = new ArrayList<>();
    ClusterTopics topics = new ClusterTopics(cluster);
    int next = 0;
    try (DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), cluster)) {
      for (; next < 3; next++) {
        workers.add(WorkerProcess.start(KAFKA.bootstrapServers(), cluster, "w" + next,
            SESSION_TIMEOUT_MS));
      }
      DistributedJob job = runner.submit(KeyedCountJob.class, PipelineOptions.defaults()
              .withJobName("count").withParallelism(4)
              .withCheckpointInterval(Duration.ofMillis(200)),
          List.of(KAFKA.bootstrapServers(), fx.input, fx.output, "2000"));
      AlignmentWatch alignment = new AlignmentWatch(KAFKA.clientProperties(),
          topics.control(job.jobName()));
      try {
        for (int k = 0; k < KILLS_PER_RUN; k++) {
          Victim kind = Victim.values()[k % Victim.values().length];
          long before = job.latestCheckpointId();
          // Each kill hits a job that is running and has completed a checkpoint since the last one.
          Conditions.await(() -> job.state().isTerminal() || job.latestCheckpointId() > before
              && job.placement().size() > 1, Duration.ofSeconds(90),
              "the job to complete a checkpoint (" + rerun + ")");
          if (job.state().isTerminal()) {
            break;
          }
          WorkerProcess victim = choose(kind, job, workers, random, alignment);
          long cp = job.latestCheckpointId();
          long epoch = job.epoch();
          long killedAt = System.nanoTime();
          victim.kill9();
          KILLS.incrementAndGet();
          System.out.println("WorkerKillTest: killed " + victim + " (" + kind + ") after checkpoint "
              + cp + ", " + rerun);
          workers.remove(victim);
          // Recovery ends with the first checkpoint of a later epoch (one the killed epoch had in
          // flight may still complete): a new epoch's START records its restored checkpoint.
          Conditions.await(() -> job.state().isTerminal() || job.epoch() > epoch,
              Duration.ofSeconds(90), "a new epoch after the kill (" + rerun + ")");
          long restored = job.latestCheckpointId();
          Conditions.await(() -> job.state().isTerminal()
                  || job.latestCheckpointId() > Math.max(cp, restored),
              Duration.ofSeconds(90), "a checkpoint after the kill (" + rerun + ")");
          synchronized (RECOVERY_MS) {
            RECOVERY_MS.add((System.nanoTime() - killedAt) / 1_000_000);
          }
          // A replacement keeps three workers; its joining is one more rebalance (and rollback).
          workers.add(WorkerProcess.start(KAFKA.bootstrapServers(), cluster, "w" + next++,
              SESSION_TIMEOUT_MS));
        }
        assertThat(job.waitUntilFinish(Duration.ofSeconds(180))).as(rerun)
            .isEqualTo(PipelineResult.State.DONE);
      } finally {
        alignment.close();
      }
      List<String> committed = fx.committedOutput(KAFKA.clientProperties());
      assertThat(committed).as(rerun).doesNotHaveDuplicates();
      assertThat(committed).as(rerun).containsExactlyInAnyOrderElementsOf(fx.expectedUpdates());
    } finally {
      for (WorkerProcess w : workers) {
        w.close();
      }
    }
  }

  private static WorkerProcess choose(Victim kind, DistributedJob job, List<WorkerProcess> workers,
      Random random, AlignmentWatch alignment) {
    if (kind == Victim.COORDINATOR) {
      String name = job.placement().get("coordinator");
      for (WorkerProcess w : workers) {
        if (w.name().equals(name)) {
          return w;
        }
      }
    }
    if (kind == Victim.ALIGNING) {
      // Wait (briefly) until a checkpoint has been triggered and is not complete yet.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!alignment.inProgress() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(200_000);
      }
    }
    return workers.get(random.nextInt(workers.size()));
  }

  /** Follows a job's control topic: is a checkpoint triggered and not yet complete? */
  static final class AlignmentWatch implements AutoCloseable {
    private volatile long triggered = -1;
    private volatile long completed = -1;
    private final TopicTail tail;

    AlignmentWatch(Map<String, Object> kafka, String controlTopic) {
      tail = new TopicTail(kafka, controlTopic, -1, "kill-test-watch", r -> {
        ControlMessage m = ProtocolCodec.decodeControlMessage(r.value());
        if (m instanceof ControlMessage.Trigger t) {
          triggered = t.checkpointId();
        } else if (m instanceof ControlMessage.Complete c) {
          completed = c.checkpointId();
        } else if (m instanceof ControlMessage.Abort a) {
          completed = Math.max(completed, a.checkpointId());
        }
      }).start();
    }

    boolean inProgress() {
      return triggered > completed;
    }

    @Override
    public void close() {
      tail.close();
    }
  }

  @AfterAll
  static void report() {
    synchronized (RECOVERY_MS) {
      List<Long> sorted = new ArrayList<>(RECOVERY_MS);
      sorted.sort(null);
      System.out.println("WorkerKillTest: " + KILLS.get() + " kills; time from kill -9 to the next "
          + "completed checkpoint (ms), sorted: " + sorted + "; session timeout "
          + SESSION_TIMEOUT_MS + " ms");
    }
  }
}
