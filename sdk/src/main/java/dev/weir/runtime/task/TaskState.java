package dev.weir.runtime.task;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a task, with its legal transitions ({@link TaskLifecycle} enforces them).
 *
 * <pre>
 * CREATED ─► RUNNING ─► INPUT_ENDED ─► FINISHING ─► ENDED
 *    │          │  ╲         ▲               ▲
 *    │          │   ╲────────┼───────────────┘ (a job without checkpoints ends at once)
 *    ├─► PAUSED ┴─► DRAINING ┘
 *    └──────────────────────────────────────────► CANCELLED / FAILED (from any live state)
 * </pre>
 */
public enum TaskState {
  /** Built, its thread not started yet. */
  CREATED,
  /** Reading its input and running the chain. */
  RUNNING,
  /** A source asked to stop reading for good (a stop with a final checkpoint); still serves checkpoints. */
  PAUSED,
  /** A source asked to end its input now (a drain); it ends its input at the next record boundary. */
  DRAINING,
  /** All input processed; with checkpoints it serves later checkpoints until asked to finish. */
  INPUT_ENDED,
  /** The final checkpoint completed: the task runs its last mail and closes. */
  FINISHING,
  /** Ended normally. */
  ENDED,
  /** Cancelled by the runner. */
  CANCELLED,
  /** Ended by an error. */
  FAILED;

  /** Whether the task has left its lifecycle (normally or not). */
  public boolean isTerminal() {
    return this == ENDED || this == CANCELLED || this == FAILED;
  }

  /** Whether a task in this state may move to {@code next}. */
  public boolean canMoveTo(TaskState next) {
    return successors().contains(next);
  }

  private Set<TaskState> successors() {
    return switch (this) {
      case CREATED -> EnumSet.of(RUNNING, PAUSED, DRAINING, CANCELLED, FAILED);
      case RUNNING -> EnumSet.of(PAUSED, DRAINING, INPUT_ENDED, ENDED, CANCELLED, FAILED);
      // A pause that came as the input ended by itself: the input did end.
      case PAUSED -> EnumSet.of(DRAINING, INPUT_ENDED, ENDED, CANCELLED, FAILED);
      case DRAINING -> EnumSet.of(INPUT_ENDED, ENDED, CANCELLED, FAILED);
      case INPUT_ENDED -> EnumSet.of(FINISHING, CANCELLED, FAILED);
      case FINISHING -> EnumSet.of(ENDED, CANCELLED, FAILED);
      case ENDED, CANCELLED, FAILED -> EnumSet.noneOf(TaskState.class);
    };
  }
}
