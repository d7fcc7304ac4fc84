package dev.weir.runtime.task;

import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.graph.LogicalNode;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.StepMetrics;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds rates to the counters of {@link JobMetricsAssembler}: records in and out per second
 * per step, and each task's backpressure ratio (the share of time it waited for room in a full
 * output channel). Rates are taken between the reading now and the newest earlier reading at
 * least {@link #WINDOW_NANOS} old (or the oldest kept, if none is that old), of the same
 * attempt: counters start again at a restart. Readings happen when someone asks for metrics;
 * no thread samples in the background.
 *
 * <h2>Threading</h2>
 * Thread-safe (one lock; a reading is cheap).
 */
public final class MetricsSampler {
  /** Rates are taken over about this much time. */
  public static final long WINDOW_NANOS = 1_000_000_000L;
  /** Readings closer together than this are not kept. */
  private static final long MIN_SPACING_NANOS = 200_000_000L;

  private record Reading(long nanos, int attempt, Map<String, long[]> steps,
      Map<TaskId, Long> backpressured) {
  }

  /** Metrics with rates, and the backpressure ratio of each task. */
  public record Sample(JobMetrics metrics, Map<TaskId, Double> backpressure) {
  }

  private final ArrayDeque<Reading> readings = new ArrayDeque<>();

  /** Reads the counters of {@code tasks} (of attempt {@code attempt}) at {@code nowNanos}. */
  public synchronized Sample sample(List<LogicalNode> nodes, List<Task> tasks, int attempt,
      long nowNanos) {
    JobMetrics counts = JobMetricsAssembler.of(nodes, tasks);
    Map<String, long[]> steps = new HashMap<>();
    counts.steps().forEach((name, m) -> steps.put(name, new long[] {m.recordsIn(), m.recordsOut()}));
    Map<TaskId, Long> blocked = new HashMap<>();
    Map<String, List<TaskId>> tasksOfStep = new HashMap<>();
    for (Task t : tasks) {
      blocked.put(t.id(), t.backpressuredNanos());
      for (StepCounters c : t.counters()) {
        tasksOfStep.computeIfAbsent(c.stepName(), k -> new java.util.ArrayList<>()).add(t.id());
      }
    }
    Reading now = new Reading(nowNanos, attempt, steps, blocked);
    readings.removeIf(r -> r.attempt() != attempt);
    Reading base = baseFor(nowNanos);
    Map<TaskId, Double> backpressure = new LinkedHashMap<>();
    for (TaskId id : blocked.keySet()) {
      backpressure.put(id, 0.0);
    }
    Map<String, StepMetrics> withRates = new LinkedHashMap<>();
    if (base == null || nowNanos <= base.nanos()) {
      withRates.putAll(counts.steps());
    } else {
      double seconds = (nowNanos - base.nanos()) / 1e9;
      blocked.forEach((id, nanos) -> {
        Long before = base.backpressured().get(id);
        if (before != null) {
          double ratio = (nanos - before) / 1e9 / seconds;
          backpressure.put(id, Math.max(0, Math.min(1, ratio)));
        }
      });
      counts.steps().forEach((name, m) -> {
        long[] before = base.steps().get(name);
        double in = before == null ? 0 : Math.max(0, m.recordsIn() - before[0]) / seconds;
        double out = before == null ? 0 : Math.max(0, m.recordsOut() - before[1]) / seconds;
        double bp = 0;
        for (TaskId id : tasksOfStep.getOrDefault(name, List.of())) {
          bp = Math.max(bp, backpressure.getOrDefault(id, 0.0));
        }
        withRates.put(name, m.withRates(in, out, bp));
      });
    }
    Reading last = readings.peekLast();
    if (last == null || nowNanos - last.nanos() >= MIN_SPACING_NANOS) {
      readings.addLast(now);
    }
    // Keep the newest reading at least a window old (the next base) and those after it.
    while (readings.size() > 1) {
      Reading second = readings.stream().skip(1).findFirst().orElseThrow();
      if (nowNanos - second.nanos() >= WINDOW_NANOS) {
        readings.removeFirst();
      } else {
        break;
      }
    }
    return new Sample(new JobMetrics(withRates, counts.subtasks()), backpressure);
  }

  /** The newest reading at least a window old, else the oldest one, else null. */
  private Reading baseFor(long nowNanos) {
    Reading base = null;
    for (Reading r : readings) {
      if (nowNanos - r.nanos() >= WINDOW_NANOS) {
        base = r;
      }
    }
    return base != null ? base : readings.peekFirst();
  }
}
