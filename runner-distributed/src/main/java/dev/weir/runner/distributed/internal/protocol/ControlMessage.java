package dev.weir.runner.distributed.internal.protocol;

import java.util.Map;

/**
 * A message of a job's coordinator to all its tasks, on the job's control topic. Every message
 * carries the epoch it belongs to; a task ignores messages of other epochs.
 */
public sealed interface ControlMessage {

  /** The epoch the message belongs to; at least 0. */
  long epoch();

  /**
   * Starts an epoch.
   *
   * @param epoch the new epoch
   * @param rebalanceId the rebalance of the job's group whose assignment runs the epoch (the
   *     assignor gives each rebalance a unique id); not empty
   * @param restoreCheckpointId the checkpoint every task restores, or -1 for none
   * @param restarts how many times the job restarted before this epoch; at least 0
   * @param startOffsets the offset each task reads each input partition from, keyed
   *     {@code topic:partition}; copied, sorted by key
   */
  record Start(long epoch, String rebalanceId, long restoreCheckpointId, int restarts,
      Map<String, Long> startOffsets) implements ControlMessage {

    /** Validates the fields and copies {@code startOffsets}. */
    public Start {
      Checks.atLeast(epoch, 0, "epoch of START");
      String of = " of START of epoch " + epoch;
      if (rebalanceId == null || rebalanceId.isEmpty()) {
        throw new IllegalArgumentException("rebalanceId" + of + " must not be empty");
      }
      if (restoreCheckpointId != -1) {
        Checks.checkpointId(restoreCheckpointId, "the checkpoint to restore (-1 for none)" + of);
      }
      Checks.atLeast(restarts, 0, "restarts" + of);
      startOffsets = Checks.positions(startOffsets, "startOffsets" + of);
    }

    /** Whether the epoch restores a checkpoint. */
    public boolean restores() {
      return restoreCheckpointId != -1;
    }
  }

  /**
   * Starts a checkpoint: sources inject its barrier.
   *
   * @param epoch the epoch
   * @param checkpointId the checkpoint; at least 1
   * @param timestamp when the coordinator triggered it (epoch ms); at least 0
   */
  record Trigger(long epoch, long checkpointId, long timestamp) implements ControlMessage {

    /** Validates the fields. */
    public Trigger {
      Checks.atLeast(epoch, 0, "epoch of TRIGGER");
      Checks.checkpointId(checkpointId, "TRIGGER of epoch " + epoch);
      Checks.atLeast(timestamp, 0, "timestamp of TRIGGER of checkpoint " + checkpointId);
    }
  }

  /**
   * A checkpoint is complete: tasks may commit what it covers.
   *
   * @param epoch the epoch
   * @param checkpointId the checkpoint; at least 1
   */
  record Complete(long epoch, long checkpointId) implements ControlMessage {

    /** Validates the fields. */
    public Complete {
      Checks.atLeast(epoch, 0, "epoch of COMPLETE");
      Checks.checkpointId(checkpointId, "COMPLETE of epoch " + epoch);
    }
  }

  /**
   * A checkpoint is abandoned: tasks drop what they hold for it.
   *
   * @param epoch the epoch
   * @param checkpointId the checkpoint; at least 1
   */
  record Abort(long epoch, long checkpointId) implements ControlMessage {

    /** Validates the fields. */
    public Abort {
      Checks.atLeast(epoch, 0, "epoch of ABORT");
      Checks.checkpointId(checkpointId, "ABORT of epoch " + epoch);
    }
  }

  /**
   * The final checkpoint is complete: tasks end.
   *
   * @param epoch the epoch
   */
  record Finish(long epoch) implements ControlMessage {

    /** Validates the epoch. */
    public Finish {
      Checks.atLeast(epoch, 0, "epoch of FINISH");
    }
  }

  /**
   * The job is stopping: source tasks stop reading for good and keep taking part in
   * checkpoints (the stop checkpoint follows).
   *
   * @param epoch the epoch
   */
  record Pause(long epoch) implements ControlMessage {

    /** Validates the epoch. */
    public Pause {
      Checks.atLeast(epoch, 0, "epoch of PAUSE");
    }
  }

  /**
   * The stop checkpoint is complete (its {@link Complete} came first): each task reports that
   * it ended once it has committed it, and the coordinator ends the job STOPPED.
   *
   * @param epoch the epoch
   * @param checkpointId the stop checkpoint; at least 1
   */
  record Stop(long epoch, long checkpointId) implements ControlMessage {

    /** Validates the fields. */
    public Stop {
      Checks.atLeast(epoch, 0, "epoch of STOP");
      Checks.checkpointId(checkpointId, "STOP of epoch " + epoch);
    }
  }

  /**
   * The job ended: workers leave its group.
   *
   * @param epoch the epoch
   * @param state the terminal {@link dev.weir.sdk.PipelineResult.State} name
   * @param failure why the job failed; {@code null} if it did not
   */
  record End(long epoch, String state, String failure) implements ControlMessage {

    /** Validates the fields. */
    public End {
      Checks.atLeast(epoch, 0, "epoch of END");
      Checks.state(state, "state of END of epoch " + epoch);
      if ("RUNNING".equals(state)) {
        throw new IllegalArgumentException(
            "state of END of epoch " + epoch + " must be terminal, was RUNNING");
      }
    }
  }
}
