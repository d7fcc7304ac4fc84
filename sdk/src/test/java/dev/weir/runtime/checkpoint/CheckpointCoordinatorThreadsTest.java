package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointConfig;

import dev.weir.sdk.CheckpointFailureReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.runtime.time.SystemScheduler;
import dev.weir.sdk.CheckpointException;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The coordinator with the real timer thread and acknowledgements from other threads. */
class CheckpointCoordinatorThreadsTest {

  private static final Set<TaskId> TASKS =
      Set.of(TaskId.of("read", 0), TaskId.of("count", 0), TaskId.of("count", 1));

  @Test
  void periodicCheckpointsCompleteWithAcksFromTaskThreads() throws InterruptedException {
    CountDownLatch threeComplete = new CountDownLatch(3);
    ExecutorService taskThreads = Executors.newFixedThreadPool(3);
    try (SystemScheduler scheduler = new SystemScheduler()) {
      AtomicReference<CheckpointCoordinator<String>> coordinator = new AtomicReference<>();
      coordinator.set(new CheckpointCoordinator<>(CheckpointConfig.everyMillis(5),
          Clock.systemUTC(), scheduler, TASKS, CheckpointIdCounter.fresh(), new NoOpActions() {
            @Override
            public void triggerSources(long id, long timestamp) {
              for (TaskId task : TASKS) {
                taskThreads.execute(() -> coordinator.get().acknowledge(task, id, "h" + id));
              }
            }

            @Override
            public void notifyComplete(long id) {
              threeComplete.countDown();
            }
          }));
      coordinator.get().start();

      assertThat(threeComplete.await(30, TimeUnit.SECONDS)).isTrue();
      coordinator.get().stop();
      assertThat(coordinator.get().completedCount()).isGreaterThanOrEqualTo(3);
    } finally {
      taskThreads.shutdownNow();
    }
  }

  @Test
  void theTimeoutFiresOnTheTimerThread() {
    try (SystemScheduler scheduler = new SystemScheduler()) {
      CheckpointCoordinator<String> coordinator = new CheckpointCoordinator<>(
          CheckpointConfig.disabled().withTimeoutMs(20), Clock.systemUTC(), scheduler, TASKS,
          CheckpointIdCounter.fresh(), new NoOpActions());
      coordinator.start();

      assertThatThrownBy(() -> coordinator.triggerCheckpoint().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(CheckpointException.class)
          .hasMessageContaining("expired");
      coordinator.stop();
    }
  }

  private static class NoOpActions implements CheckpointCoordinator.Actions<String> {
    @Override
    public void triggerSources(long checkpointId, long timestamp) { }

    @Override
    public void persistManifest(long checkpointId, long timestamp, Map<TaskId, String> acks)
        throws IOException { }

    @Override
    public void notifyComplete(long checkpointId) { }

    @Override
    public void notifyAborted(long checkpointId, CheckpointFailureReason reason) { }

    @Override
    public void failJob(String message) { }
  }
}
