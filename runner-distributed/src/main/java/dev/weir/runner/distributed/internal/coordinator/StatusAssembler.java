package dev.weir.runner.distributed.internal.coordinator;

import dev.weir.runner.distributed.internal.TaskLayout;
import dev.weir.runner.distributed.internal.protocol.JobStatus;
import dev.weir.runner.distributed.internal.protocol.StepRate;
import dev.weir.runner.distributed.internal.protocol.SubtaskState;
import dev.weir.runner.distributed.internal.protocol.TaskReport;
import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.SubtaskMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one epoch's coordinator knows of its subtasks, made into the job's {@link JobStatus}:
 * the placement, each subtask's state (from its reports: running, input ended, ended, failed),
 * and its latest counts, rates and backpressure (from its {@code METRICS} reports, every second).
 *
 * <h2>Threading</h2>
 * Thread-safe: reports arrive on the reports reader's thread, statuses are written from the
 * coordinator's threads.
 */
final class StatusAssembler {

  /** The latest of one subtask. */
  private record Subtask(String state, List<SubtaskMetrics> counts, List<StepRate> rates,
      double backpressure) {
  }

  private final String jobId;
  private final TaskLayout layout;
  private final Map<Integer, String> workers;
  private final Map<String, Integer> stepOrder = new HashMap<>();
  private final Map<TaskId, Subtask> subtasks = new ConcurrentHashMap<>();
  private volatile boolean changed;

  /**
   * @param workers the worker of each task-topic partition (0: the coordinator)
   */
  StatusAssembler(String jobId, PhysicalPlan plan, TaskLayout layout,
      Map<Integer, String> workers) {
    this.jobId = jobId;
    this.layout = layout;
    this.workers = workers;
    plan.chains().forEach(c -> c.nodes().forEach(n -> stepOrder.putIfAbsent(n.name(),
        stepOrder.size())));
    for (int p = 1; p < layout.partitions(); p++) {
      List<StepRate> idle = new ArrayList<>();
      for (LogicalNode n : layout.chain(p).nodes()) {
        idle.add(new StepRate(n.name(), 0, 0));
      }
      subtasks.put(layout.taskId(p), new Subtask(SubtaskState.RUNNING, List.of(), idle, 0));
    }
  }

  /** Takes a report of this epoch into account. */
  void onReport(TaskReport report) {
    Subtask s = subtasks.get(report.task());
    if (s == null) {
      return; // not a subtask of this plan
    }
    if (report instanceof TaskReport.Metrics m) {
      List<StepRate> rates = m.rates().isEmpty() ? s.rates() : m.rates();
      double bp = m.backpressureRatio();
      if (s.state().equals(SubtaskState.ENDED)) {
        rates = idle(rates); // an ended subtask's last counts are exact; it moves no more
        bp = 0;
      }
      subtasks.put(report.task(), new Subtask(s.state(), m.steps(), rates, bp));
    } else if (report instanceof TaskReport.InputEnded) {
      subtasks.put(report.task(), new Subtask(SubtaskState.INPUT_ENDED, s.counts(), s.rates(),
          s.backpressure()));
    } else if (report instanceof TaskReport.Failed) {
      subtasks.put(report.task(), new Subtask(SubtaskState.FAILED, s.counts(), s.rates(),
          s.backpressure()));
    } else if (report instanceof TaskReport.Ended) {
      subtasks.put(report.task(), new Subtask(SubtaskState.ENDED, s.counts(), idle(s.rates()),
          0));
    } else {
      return;
    }
    changed = true;
  }

  private static List<StepRate> idle(List<StepRate> rates) {
    return rates.stream().map(r -> new StepRate(r.step(), 0, 0)).toList();
  }

  /** Whether a report changed the status since the last call (and clears the flag). */
  boolean takeChanged() {
    boolean was = changed;
    changed = false;
    return was;
  }

  /** Which worker runs each subtask, and the coordinator, keyed {@code chain#subtask}. */
  Map<String, String> workerNames() {
    Map<String, String> out = new TreeMap<>();
    workers.forEach((p, w) -> out.put(p == 0 ? "coordinator" : layout.taskId(p).toString(), w));
    return out;
  }

  /** The job's status with every subtask's latest counts, state, rates and backpressure. */
  JobStatus status(String state, long epoch, int restarts, long latestCheckpoint,
      String failure) {
    List<SubtaskMetrics> counts = new ArrayList<>();
    List<SubtaskState> states = new ArrayList<>();
    for (TaskId id : layout.taskIds()) {
      Subtask s = subtasks.get(id);
      counts.addAll(s.counts());
      states.add(new SubtaskState(id, s.state(), s.backpressure(), s.rates()));
    }
    counts.sort(Comparator.comparingInt((SubtaskMetrics m) ->
        stepOrder.getOrDefault(m.stepName(), Integer.MAX_VALUE))
        .thenComparingInt(SubtaskMetrics::subtask));
    return new JobStatus(jobId, state, epoch, restarts, latestCheckpoint, failure,
        System.currentTimeMillis(), workerNames(), counts, states);
  }

  /** The status of a job that waits for slots: the placement so far, no subtasks. */
  JobStatus waiting(long epoch, int restarts, long latestCheckpoint, String why) {
    return new JobStatus(jobId, JobStatus.WAITING, epoch, restarts, latestCheckpoint, why,
        System.currentTimeMillis(), workerNames());
  }
}
