package dev.weir.runtime.checkpoint;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the recent history of ended checkpoints and running totals.
 *
 * <p>The history is bounded (the oldest entries are evicted first) so a long-running job does not
 * grow without limit; the totals count every checkpoint ever recorded. Not thread-safe: owned by
 * the coordinator, which hands out copies.
 */
public final class CheckpointStatsTracker {

  /** History length of {@link #CheckpointStatsTracker()}. */
  public static final int DEFAULT_HISTORY = 1_000;

  private final int capacity;
  private final ArrayDeque<CheckpointStats> history = new ArrayDeque<>();
  private long completed;
  private long failed;

  /** A tracker that keeps the last {@value #DEFAULT_HISTORY} checkpoints. */
  public CheckpointStatsTracker() {
    this(DEFAULT_HISTORY);
  }

  /** A tracker that keeps the last {@code capacity} checkpoints, >= 1. */
  public CheckpointStatsTracker(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("history capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds one ended checkpoint. */
  public void record(CheckpointStats stats) {
    Objects.requireNonNull(stats, "stats");
    if (history.size() == capacity) {
      history.removeFirst();
    }
    history.addLast(stats);
    if (stats.status() == CheckpointStats.Status.COMPLETED) {
      completed++;
    } else {
      failed++;
    }
  }

  /** The recent history, oldest first; a copy. */
  public List<CheckpointStats> history() {
    return List.copyOf(history);
  }

  /** Checkpoints completed since the tracker was created. */
  public long completedCount() {
    return completed;
  }

  /** Checkpoints failed since the tracker was created. */
  public long failedCount() {
    return failed;
  }
}
