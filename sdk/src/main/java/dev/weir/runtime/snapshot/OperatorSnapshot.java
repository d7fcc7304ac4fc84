package dev.weir.runtime.snapshot;

import java.io.IOException;

/**
 * What one operator captured for a checkpoint on the task thread (the synchronous part);
 * {@link #persist} encodes and writes it off the task thread (the asynchronous part).
 */
@FunctionalInterface
public interface OperatorSnapshot {
  /** Writes the captured state and returns the handles. */
  StepSnapshotPart persist(SnapshotStorage storage) throws IOException;

  /**
   * The snapshot will not be persisted (the write failed elsewhere or the job crashed):
   * release whatever waits for it.
   */
  default void discard(Throwable cause) {
  }
}
