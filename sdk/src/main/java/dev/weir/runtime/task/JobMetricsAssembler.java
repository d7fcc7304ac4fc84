package dev.weir.runtime.task;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.StepMetrics;
import dev.weir.sdk.SubtaskMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums the counters of an attempt's tasks into {@link JobMetrics}: per step (in the
 * pipeline's step order; key-by steps have no counters of their own) and per subtask. A
 * decision over counters, for every runner.
 */
public final class JobMetricsAssembler {

  private JobMetricsAssembler() {
  }

  /** The metrics of {@code tasks} (empty counts when there are none yet). */
  public static JobMetrics of(List<LogicalNode> nodes, List<Task> tasks) {
    Map<String, long[]> sums = new LinkedHashMap<>();
    for (LogicalNode n : nodes) {
      if (n.kind() != LogicalNode.Kind.KEY_BY) {
        sums.put(n.name(), new long[] {0, 0, 0, Long.MAX_VALUE});
      }
    }
    List<SubtaskMetrics> subtasks = new ArrayList<>();
    for (Task task : tasks) {
      for (StepCounters c : task.counters()) {
        long[] s = sums.get(c.stepName());
        if (s == null) {
          continue;
        }
        s[0] += c.recordsIn();
        s[1] += c.recordsOut();
        s[2] += c.sideOutputDropped();
        s[3] = Math.min(s[3], c.watermark());
        subtasks.add(new SubtaskMetrics(c.stepName(), task.id().subtask(), c.recordsIn(),
            c.recordsOut(), c.watermark()));
      }
    }
    Map<String, StepMetrics> steps = new LinkedHashMap<>();
    sums.forEach((name, s) -> steps.put(name, new StepMetrics(name, s[0], s[1], s[2],
        s[3] == Long.MAX_VALUE ? Long.MIN_VALUE : s[3])));
    Map<String, Integer> rank = new HashMap<>();
    steps.keySet().forEach(name -> rank.put(name, rank.size()));
    subtasks.sort(Comparator.comparingInt((SubtaskMetrics m) -> rank.get(m.stepName()))
        .thenComparingInt(SubtaskMetrics::subtask));
    return new JobMetrics(steps, subtasks);
  }
}
