package dev.weir.runner.distributed.internal.protocol;

import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.snapshot.TaskSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A report of one task to its job's coordinator, on the job's reports topic. Every report
 * carries the epoch it belongs to and the task; the coordinator ignores reports of other
 * epochs.
 */
public sealed interface TaskReport {

  /** The epoch the report belongs to; at least 0. */
  long epoch();

  /** The reporting task. */
  TaskId task();

  /**
   * The task's record counts, rates and backpressure now: sent every second, and before the
   * task reports its end.
   *
   * @param epoch the epoch
   * @param task the task
   * @param steps the counts of each step of the task's chain; copied
   * @param rates the rates of each step of the task's chain since its previous report, first
   *     step first; empty in reports written before rates were reported; copied
   * @param backpressureRatio the share (0 to 1) of the time since its previous report in which
   *     the task waited for room in an output channel
   */
  record Metrics(long epoch, TaskId task, List<dev.weir.sdk.SubtaskMetrics> steps,
      List<StepRate> rates, double backpressureRatio) implements TaskReport {

    /** Validates the fields and copies {@code steps} and {@code rates}. */
    public Metrics {
      Checks.atLeast(epoch, 0, "epoch of METRICS");
      Objects.requireNonNull(task, "task of METRICS");
      steps = List.copyOf(steps);
      rates = List.copyOf(rates);
      Checks.ratio(backpressureRatio, "backpressureRatio of METRICS of task " + task);
    }

    /** Counts without rates (what reports held before rates were reported). */
    public Metrics(long epoch, TaskId task, List<dev.weir.sdk.SubtaskMetrics> steps) {
      this(epoch, task, steps, List.of(), 0);
    }
  }

  /**
   * The task's part of a checkpoint is written.
   *
   * @param epoch the epoch
   * @param task the task
   * @param checkpointId the checkpoint; at least 1
   * @param snapshot the task's handles and timings
   * @param inputPositions the position the task reached in each input partition at the
   *     checkpoint, keyed {@code topic:partition}; copied, sorted by key
   */
  record Ack(long epoch, TaskId task, long checkpointId, TaskSnapshot snapshot,
      Map<String, Long> inputPositions) implements TaskReport {

    /** Validates the fields and copies {@code inputPositions}. */
    public Ack {
      String of = " of ACK of task " + task + " in epoch " + epoch;
      Checks.atLeast(epoch, 0, "epoch of ACK");
      Objects.requireNonNull(task, "task of ACK");
      Checks.checkpointId(checkpointId, "ACK of task " + task + " in epoch " + epoch);
      Objects.requireNonNull(snapshot, "snapshot" + of);
      inputPositions = Checks.positions(inputPositions, "inputPositions" + of);
    }
  }

  /**
   * The task could not take part in a checkpoint.
   *
   * @param epoch the epoch
   * @param task the task
   * @param checkpointId the checkpoint; at least 1
   * @param error why
   */
  record Decline(long epoch, TaskId task, long checkpointId, String error)
      implements TaskReport {

    /** Validates the fields. */
    public Decline {
      Checks.atLeast(epoch, 0, "epoch of DECLINE");
      Objects.requireNonNull(task, "task of DECLINE");
      Checks.checkpointId(checkpointId, "DECLINE of task " + task + " in epoch " + epoch);
      Objects.requireNonNull(error, "error of DECLINE of task " + task);
    }
  }

  /**
   * The task's input ended.
   *
   * @param epoch the epoch
   * @param task the task
   */
  record InputEnded(long epoch, TaskId task) implements TaskReport {

    /** Validates the fields. */
    public InputEnded {
      Checks.atLeast(epoch, 0, "epoch of INPUT_ENDED");
      Objects.requireNonNull(task, "task of INPUT_ENDED");
    }
  }

  /**
   * The task failed.
   *
   * @param epoch the epoch
   * @param task the task
   * @param error why
   */
  record Failed(long epoch, TaskId task, String error) implements TaskReport {

    /** Validates the fields. */
    public Failed {
      Checks.atLeast(epoch, 0, "epoch of FAILED");
      Objects.requireNonNull(task, "task of FAILED");
      Objects.requireNonNull(error, "error of FAILED of task " + task);
    }
  }

  /**
   * The task ended.
   *
   * @param epoch the epoch
   * @param task the task
   */
  record Ended(long epoch, TaskId task) implements TaskReport {

    /** Validates the fields. */
    public Ended {
      Checks.atLeast(epoch, 0, "epoch of ENDED");
      Objects.requireNonNull(task, "task of ENDED");
    }
  }

  /**
   * A count of records the task read.
   *
   * @param epoch the epoch
   * @param task the task
   * @param records the count; at least 0
   */
  record RecordsRead(long epoch, TaskId task, long records) implements TaskReport {

    /** Validates the fields. */
    public RecordsRead {
      Checks.atLeast(epoch, 0, "epoch of RECORDS_READ");
      Objects.requireNonNull(task, "task of RECORDS_READ");
      Checks.atLeast(records, 0, "records of RECORDS_READ of task " + task);
    }
  }
}
