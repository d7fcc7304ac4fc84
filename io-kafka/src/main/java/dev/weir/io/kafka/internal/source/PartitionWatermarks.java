package dev.weir.io.kafka.internal.source;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-partition event time of one reader: the largest record timestamp of each partition, and
 * when the partition last had a record. The reader's watermark is the smallest
 * {@code max - outOfOrderness - 1} over the active partitions; a partition that had no record
 * for the idleness time is not active (it is again once a record arrives). A partition counts
 * as active from when it is tracked, even before its first record, so a new partition holds the
 * watermark back until it has data or becomes idle.
 *
 * <p>Not thread-safe: one per reader.
 *
 * @param <P> the partition identity
 */
public final class PartitionWatermarks<P> {

  private static final class State {
    long maxTimestamp;
    long lastActiveMillis;

    State(long maxTimestamp, long lastActiveMillis) {
      this.maxTimestamp = maxTimestamp;
      this.lastActiveMillis = lastActiveMillis;
    }
  }

  private final long outOfOrdernessMillis;
  private final long idleMillis;
  private final LongSupplier clock;
  private final Map<P, State> partitions = new HashMap<>();

  /**
   * @param outOfOrdernessMillis how far behind the largest timestamp records may still arrive
   * @param idleMillis after how long without a record a partition stops holding the watermark
   *     back; 0 for never
   * @param clock milliseconds of processing time
   */
  public PartitionWatermarks(long outOfOrdernessMillis, long idleMillis, LongSupplier clock) {
    if (outOfOrdernessMillis < 0 || idleMillis < 0) {
      throw new IllegalArgumentException("negative out-of-orderness or idleness");
    }
    this.outOfOrdernessMillis = outOfOrdernessMillis;
    this.idleMillis = idleMillis;
    this.clock = clock;
  }

  /**
   * Starts tracking a partition (active from now) with the largest timestamp a checkpoint
   * recorded for it, or {@code Long.MIN_VALUE}; a partition already tracked is left as it is.
   */
  public void track(P partition, long maxTimestamp) {
    partitions.putIfAbsent(partition, new State(maxTimestamp, clock.getAsLong()));
  }

  /** Stops tracking a partition. */
  public void remove(P partition) {
    partitions.remove(partition);
  }

  /**
   * A record of a tracked partition was emitted with this timestamp ({@code Long.MIN_VALUE}:
   * none, which still makes the partition active).
   */
  public void onRecord(P partition, long timestamp) {
    State s = partitions.get(partition);
    if (s == null) {
      throw new IllegalStateException("partition " + partition + " is not tracked");
    }
    s.lastActiveMillis = clock.getAsLong();
    if (timestamp > s.maxTimestamp) {
      s.maxTimestamp = timestamp;
    }
  }

  /** The largest timestamp seen of a partition, {@code Long.MIN_VALUE} if none or untracked. */
  public long maxTimestamp(P partition) {
    State s = partitions.get(partition);
    return s == null ? Long.MIN_VALUE : s.maxTimestamp;
  }

  /** Whether no tracked partition is active now (also when none is tracked). */
  public boolean allIdle() {
    long now = clock.getAsLong();
    for (State s : partitions.values()) {
      if (active(s, now)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The watermark over the active partitions now; {@code Long.MIN_VALUE} when an active
   * partition has no timestamp yet, or when {@link #allIdle()}.
   */
  public long watermark() {
    long now = clock.getAsLong();
    long min = Long.MAX_VALUE;
    for (State s : partitions.values()) {
      if (!active(s, now)) {
        continue;
      }
      long wm = s.maxTimestamp < Long.MIN_VALUE + outOfOrdernessMillis + 1 ? Long.MIN_VALUE
          : s.maxTimestamp - outOfOrdernessMillis - 1;
      min = Math.min(min, wm);
    }
    return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
  }

  private boolean active(State s, long now) {
    return idleMillis == 0 || now - s.lastActiveMillis < idleMillis;
  }
}
