package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointConfig;

import dev.weir.sdk.spi.ManualClock;
import dev.weir.runtime.time.ManualScheduler;
import java.time.Duration;
import java.util.Set;

/**
 * Builds a {@link CheckpointCoordinator} with in-memory defaults for tests: a manual clock at
 * 1000 ms, a manual scheduler, three tasks ({@code read#0}, {@code count#0}, {@code count#1}),
 * ids from 1 and {@link RecordingActions}.
 */
final class CoordinatorHarness {

  static final TaskId READ = TaskId.of("read", 0);
  static final TaskId COUNT_0 = TaskId.of("count", 0);
  static final TaskId COUNT_1 = TaskId.of("count", 1);
  static final Set<TaskId> TASKS = Set.of(READ, COUNT_0, COUNT_1);

  final ManualClock clock = new ManualClock(1_000);
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final RecordingActions actions = new RecordingActions();
  CheckpointIdCounter ids = CheckpointIdCounter.fresh();
  CheckpointCoordinator<String> coordinator;

  /** Builds and starts a coordinator with {@code config}. */
  CheckpointCoordinator<String> start(CheckpointConfig config) {
    coordinator = new CheckpointCoordinator<>(config, clock, scheduler, TASKS, ids, actions);
    coordinator.start();
    return coordinator;
  }

  void advance(long millis) {
    scheduler.advance(Duration.ofMillis(millis));
  }

  /** Every task acknowledges {@code id} with payload {@code "h<id>"}. */
  void ackAll(long id) {
    for (TaskId task : TASKS) {
      coordinator.acknowledge(task, id, "h" + id);
    }
  }
}
