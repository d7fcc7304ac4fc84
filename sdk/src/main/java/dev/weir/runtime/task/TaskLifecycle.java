package dev.weir.runtime.task;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The current {@link TaskState} of one task, moved only along legal transitions. Requests
 * from other threads (pause, drain, finish, cancel) and the task thread's own progress race;
 * each move is atomic, and a request that no longer applies (a pause after the input ended, a
 * drain after a cancel) is refused rather than applied. Thread-safe.
 */
final class TaskLifecycle {

  private final AtomicReference<TaskState> state = new AtomicReference<>(TaskState.CREATED);

  TaskState state() {
    return state.get();
  }

  /**
   * Moves to {@code next} if that is legal from the current state.
   *
   * @return whether the task is now in {@code next} because of this call
   */
  boolean tryMoveTo(TaskState next) {
    while (true) {
      TaskState current = state.get();
      if (!current.canMoveTo(next)) {
        return false;
      }
      if (state.compareAndSet(current, next)) {
        return true;
      }
    }
  }

  /**
   * Moves to {@code next}, which the task thread's own progress makes legal.
   *
   * @throws TaskCancelledException if the task was cancelled meanwhile
   * @throws IllegalStateException if the move is illegal otherwise (a bug)
   */
  void moveTo(TaskState next, String taskName) {
    if (!tryMoveTo(next)) {
      TaskState current = state.get();
      if (current == TaskState.CANCELLED) {
        throw new TaskCancelledException(taskName);
      }
      throw new IllegalStateException(taskName + ": cannot move from " + current + " to " + next);
    }
  }
}
