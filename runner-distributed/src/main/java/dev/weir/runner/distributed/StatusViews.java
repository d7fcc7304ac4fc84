package dev.weir.runner.distributed;

import dev.weir.runner.distributed.internal.protocol.JobStatus;
import dev.weir.runner.distributed.internal.protocol.StepRate;
import dev.weir.runner.distributed.internal.protocol.SubtaskState;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.StepMetrics;
import dev.weir.sdk.SubtaskMetrics;
import dev.weir.sdk.SubtaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's status, as its coordinator wrote it, in the API's terms: {@link JobMetrics} per step
 * and subtask, and a {@link SubtaskStatus} per subtask. Pure functions of the status.
 */
final class StatusViews {
  private StatusViews() {}

  /** Counts summed, rates summed and backpressure maximized over each step's subtasks. */
  static JobMetrics metrics(JobStatus status) {
    Map<String, double[]> rates = new HashMap<>();
    for (SubtaskState s : status.subtasks()) {
      for (StepRate r : s.rates()) {
        double[] sum = rates.computeIfAbsent(r.step(), k -> new double[3]);
        sum[0] += r.recordsInPerSecond();
        sum[1] += r.recordsOutPerSecond();
        sum[2] = Math.max(sum[2], s.backpressureRatio());
      }
    }
    Map<String, long[]> sums = new LinkedHashMap<>();
    for (SubtaskMetrics m : status.steps()) {
      long[] s = sums.computeIfAbsent(m.stepName(), k -> new long[] {0, 0, Long.MAX_VALUE});
      s[0] += m.recordsIn();
      s[1] += m.recordsOut();
      s[2] = Math.min(s[2], m.watermark());
    }
    Map<String, StepMetrics> steps = new LinkedHashMap<>();
    sums.forEach((name, s) -> {
      double[] r = rates.getOrDefault(name, new double[3]);
      steps.put(name, new StepMetrics(name, s[0], s[1], 0,
          s[2] == Long.MAX_VALUE ? Long.MIN_VALUE : s[2], r[0], r[1], r[2]));
    });
    return new JobMetrics(steps, status.steps());
  }

  /** One entry per subtask of the status, in plan order. */
  static List<SubtaskStatus> subtasks(JobStatus status) {
    Map<String, SubtaskMetrics> counts = new HashMap<>();
    for (SubtaskMetrics m : status.steps()) {
      counts.put(m.stepName() + "#" + m.subtask(), m);
    }
    List<SubtaskStatus> out = new ArrayList<>();
    for (SubtaskState s : status.subtasks()) {
      List<String> steps = s.rates().stream().map(StepRate::step).toList();
      int i = s.task().subtask();
      SubtaskMetrics first = steps.isEmpty() ? null : counts.get(steps.get(0) + "#" + i);
      SubtaskMetrics last = steps.isEmpty() ? null
          : counts.get(steps.get(steps.size() - 1) + "#" + i);
      out.add(new SubtaskStatus(s.task().chain(), steps, i,
          status.subtaskWorkers().getOrDefault(s.task().toString(), "-"), s.state(),
          status.restarts(), first == null ? 0 : first.recordsIn(),
          last == null ? 0 : last.recordsOut(), s.backpressureRatio()));
    }
    return out;
  }
}
