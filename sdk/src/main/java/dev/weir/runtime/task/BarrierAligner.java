package dev.weir.runtime.task;

import dev.weir.sdk.CheckpointFailureReason;
import dev.weir.runtime.task.AlignmentAction.Abort;
import dev.weir.runtime.task.AlignmentAction.BlockChannel;
import dev.weir.runtime.task.AlignmentAction.ForwardBarrier;
import dev.weir.runtime.task.AlignmentAction.TakeSnapshot;
import dev.weir.runtime.task.AlignmentAction.UnblockAll;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Aligns checkpoint barriers across the input channels of one task: the state machine of step 3
 * of the checkpoint protocol.
 *
 * <p>On the first barrier <i>n</i> the task starts aligning <i>n</i>: each channel is blocked once
 * its barrier <i>n</i> arrived, the others are still read. When every channel has delivered
 * <i>n</i> or ended, the task snapshots, forwards <i>n</i> and unblocks all channels. Invariants:
 * at most one checkpoint is aligned at a time; a snapshot for <i>n</i> is taken at most once and
 * only when no live channel is missing <i>n</i>; a barrier older than the current or the last
 * finished one is ignored; a newer barrier aborts the current alignment and starts its own; a
 * channel is blocked only while an alignment is in progress. The alignment time comes from the
 * injected clock. Not thread-safe: one task thread drives it.
 */
public final class BarrierAligner {

  private static final long NONE = -1;

  private final Clock clock;
  private final boolean[] arrived;
  private final boolean[] ended;
  private long aligning = NONE;
  private long lastFinished = NONE;
  private long alignmentStart;
  private long lastAlignmentMs;
  private long maxAlignmentMs;

  /**
   * @param channels the number of input channels, >= 1
   * @param clock the time source for alignment durations
   */
  public BarrierAligner(int channels, Clock clock) {
    if (channels < 1) {
      throw new IllegalArgumentException("a task needs at least one input channel, was "
          + channels);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.arrived = new boolean[channels];
    this.ended = new boolean[channels];
  }

  /** Barrier {@code checkpointId} was read from {@code channel}. */
  public List<AlignmentAction> onBarrier(int channel, long checkpointId) {
    checkChannel(channel);
    if (ended[channel]) {
      throw new IllegalStateException("barrier " + checkpointId + " on channel " + channel
          + " after its end of input");
    }
    if (arrived[channel]) {
      throw new IllegalStateException("barrier " + checkpointId + " read from channel " + channel
          + ", which is blocked for barrier " + aligning);
    }
    List<AlignmentAction> actions = new ArrayList<>(4);
    if (aligning != NONE && checkpointId < aligning) {
      return actions;
    }
    if (aligning != NONE && checkpointId > aligning) {
      // The channel skipped the barrier being aligned, so that alignment can never complete.
      actions.add(new Abort(aligning, CheckpointFailureReason.SUBSUMED));
      finish(aligning, actions);
    }
    if (aligning == NONE) {
      if (checkpointId <= lastFinished) {
        return actions;
      }
      aligning = checkpointId;
      alignmentStart = clock.millis();
    }
    if (!completeIfAligned(channel, actions)) {
      arrived[channel] = true;
      actions.add(new BlockChannel(channel));
    }
    return actions;
  }

  /** {@code channel} ended; it counts as having delivered every later barrier. */
  public List<AlignmentAction> onEndOfInput(int channel) {
    checkChannel(channel);
    if (ended[channel] || arrived[channel]) {
      throw new IllegalStateException("end of input read from channel " + channel + ", which is "
          + (ended[channel] ? "already ended" : "blocked for barrier " + aligning));
    }
    ended[channel] = true;
    List<AlignmentAction> actions = new ArrayList<>(3);
    if (aligning != NONE) {
      completeIfAligned(-1, actions);
    }
    return actions;
  }

  /**
   * Checkpoint {@code checkpointId} was aborted elsewhere (the coordinator or this task declined
   * it): stop aligning it, and ignore its barriers from now on.
   */
  public List<AlignmentAction> onCheckpointAborted(long checkpointId,
      CheckpointFailureReason reason) {
    Objects.requireNonNull(reason, "reason");
    List<AlignmentAction> actions = new ArrayList<>(2);
    if (checkpointId == aligning) {
      actions.add(new Abort(checkpointId, reason));
      finish(checkpointId, actions);
    } else if (checkpointId > aligning) {
      lastFinished = Math.max(lastFinished, checkpointId);
    }
    return actions;
  }

  /** Whether {@code channel} is blocked: it delivered the barrier being aligned. */
  public boolean isBlocked(int channel) {
    checkChannel(channel);
    return arrived[channel];
  }

  /** Whether an alignment is in progress. */
  public boolean isAligning() {
    return aligning != NONE;
  }

  /** Duration of the last completed alignment in millis (0 for a single live input). */
  public long lastAlignmentDurationMs() {
    return lastAlignmentMs;
  }

  /** The longest completed alignment so far, in millis. */
  public long maxAlignmentDurationMs() {
    return maxAlignmentMs;
  }

  /** Completes the alignment if every channel but {@code arriving} has arrived or ended. */
  private boolean completeIfAligned(int arriving, List<AlignmentAction> actions) {
    for (int c = 0; c < arrived.length; c++) {
      if (c != arriving && !arrived[c] && !ended[c]) {
        return false;
      }
    }
    long id = aligning;
    lastAlignmentMs = Math.max(0, clock.millis() - alignmentStart);
    maxAlignmentMs = Math.max(maxAlignmentMs, lastAlignmentMs);
    actions.add(new TakeSnapshot(id));
    actions.add(new ForwardBarrier(id));
    finish(id, actions);
    return true;
  }

  /** Ends the current alignment, unblocking the channels that were blocked for it. */
  private void finish(long id, List<AlignmentAction> actions) {
    boolean anyBlocked = false;
    for (int c = 0; c < arrived.length; c++) {
      anyBlocked |= arrived[c];
      arrived[c] = false;
    }
    if (anyBlocked) {
      actions.add(new UnblockAll());
    }
    aligning = NONE;
    lastFinished = Math.max(lastFinished, id);
  }

  private void checkChannel(int channel) {
    if (channel < 0 || channel >= arrived.length) {
      throw new IndexOutOfBoundsException("channel " + channel + " of a task with "
          + arrived.length + " input channels");
    }
  }
}
