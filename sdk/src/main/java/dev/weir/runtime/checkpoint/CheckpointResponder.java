package dev.weir.runtime.checkpoint;

import dev.weir.runtime.snapshot.TaskSnapshot;

/** Where a task reports on checkpoints: to the coordinator, through the runner. */
public interface CheckpointResponder {
  /** The task wrote its part of checkpoint {@code checkpointId}. */
  void acknowledge(TaskId task, long checkpointId, TaskSnapshot snapshot);

  /** The task could not write its part of checkpoint {@code checkpointId}. */
  void decline(TaskId task, long checkpointId, Throwable cause);

  /** A source subtask read {@code n} more records (for count-based checkpoint triggers). */
  default void recordsRead(long n) {
  }

  /** Whether {@link #stateBytesChanged} is wanted (a volume-based trigger is configured). */
  default boolean wantsStateBytes() {
    return false;
  }

  /** Keyed state changed by about {@code bytes} bytes (for volume-based checkpoint triggers). */
  default void stateBytesChanged(long bytes) {
  }

  /** The task processed all its input; it now waits for the final checkpoint. */
  void inputEnded(TaskId task);
}
