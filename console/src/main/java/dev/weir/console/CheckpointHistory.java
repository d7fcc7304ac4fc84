package dev.weir.console;

import dev.weir.sdk.CheckpointFailure;
import dev.weir.sdk.CheckpointMetrics;
import java.util.List;

/**
 * A job's checkpoints: the completed ones with their figures, the aborted ones with their
 * reasons, and the savepoints taken through the console.
 *
 * @param completed completed checkpoints, oldest first
 * @param failed aborted checkpoints, oldest first
 * @param savepoints savepoints written, oldest first
 */
public record CheckpointHistory(List<CheckpointMetrics> completed, List<CheckpointFailure> failed,
    List<SavepointEntry> savepoints) {

  /** Copies the lists. */
  public CheckpointHistory {
    completed = List.copyOf(completed);
    failed = List.copyOf(failed);
    savepoints = List.copyOf(savepoints);
  }

  /**
   * A savepoint written.
   *
   * @param checkpointId the checkpoint it copies, or -1 if unknown
   * @param path its directory
   * @param timestamp when it was written (epoch millis)
   */
  public record SavepointEntry(long checkpointId, String path, long timestamp) {
  }
}
