package dev.weir.runtime.checkpoint;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out checkpoint ids: strictly increasing, starting at 1, and resuming above every id a
 * previous run used, so ids only grow across restarts.
 *
 * <p>Pass one counter to each coordinator of a job's successive attempts, or create it with
 * {@link #resumingAfter(long)} from the highest id found in the checkpoint store. Thread-safe.
 */
public final class CheckpointIdCounter {

  private final AtomicLong last;

  private CheckpointIdCounter(long last) {
    this.last = new AtomicLong(last);
  }

  /** A counter for a job with no checkpoints yet; the first id is 1. */
  public static CheckpointIdCounter fresh() {
    return new CheckpointIdCounter(0);
  }

  /**
   * A counter whose first id is {@code highestExistingId + 1}.
   *
   * @param highestExistingId the highest id in use (0 if none), ideally including ids of aborted
   *     checkpoints that left data behind
   */
  public static CheckpointIdCounter resumingAfter(long highestExistingId) {
    if (highestExistingId < 0) {
      throw new IllegalArgumentException(
          "highest existing checkpoint id must be >= 0, was " + highestExistingId);
    }
    if (highestExistingId == Long.MAX_VALUE) {
      throw new IllegalArgumentException("checkpoint ids are exhausted at " + highestExistingId);
    }
    return new CheckpointIdCounter(highestExistingId);
  }

  /** The next id: one more than the previous one. */
  public long next() {
    return last.updateAndGet(id -> Math.addExact(id, 1));
  }

  /** The id most recently returned by {@link #next()}, or the resume point if none yet. */
  public long last() {
    return last.get();
  }
}
