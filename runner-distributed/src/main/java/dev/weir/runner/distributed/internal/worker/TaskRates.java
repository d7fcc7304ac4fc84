package dev.weir.runner.distributed.internal.worker;

import dev.weir.runner.distributed.internal.protocol.StepRate;
import dev.weir.runner.distributed.internal.protocol.TaskReport;
import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.task.StepCounters;
import dev.weir.runtime.task.Task;
import dev.weir.sdk.SubtaskMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a task's counters into a {@link TaskReport.Metrics}: its counts now, and its rates and
 * backpressure ratio since its previous report (or since {@link #start}). The distributed
 * counterpart of the local runner's {@code MetricsSampler}, where the reading is taken by the
 * task's worker every second rather than when someone asks.
 *
 * <h2>Threading</h2>
 * Thread-safe; calls for one task must not overlap (the caller synchronizes on the task).
 */
final class TaskRates {

  /** A task's counters at one moment. */
  private record Reading(long nanos, long[] in, long[] out, long backpressuredNanos) {
  }

  private final Map<TaskId, Reading> previous = new ConcurrentHashMap<>();

  /** Takes the reading the task's first report measures its rates from. */
  void start(Task task, long nowNanos) {
    previous.put(task.id(), read(task, nowNanos));
  }

  /** The task's report at {@code nowNanos}; the next report measures from here. */
  TaskReport.Metrics report(long epoch, Task task, long nowNanos) {
    Reading now = read(task, nowNanos);
    Reading before = previous.put(task.id(), now);
    List<StepCounters> counters = task.counters();
    List<SubtaskMetrics> steps = new ArrayList<>(counters.size());
    List<StepRate> rates = new ArrayList<>(counters.size());
    double seconds = before == null ? 0 : (now.nanos() - before.nanos()) / 1e9;
    for (int i = 0; i < counters.size(); i++) {
      StepCounters c = counters.get(i);
      steps.add(new SubtaskMetrics(c.stepName(), task.id().subtask(), now.in()[i], now.out()[i],
          c.watermark()));
      rates.add(new StepRate(c.stepName(), perSecond(now.in(), before, true, i, seconds),
          perSecond(now.out(), before, false, i, seconds)));
    }
    double ratio = seconds <= 0 ? 0
        : (now.backpressuredNanos() - before.backpressuredNanos()) / 1e9 / seconds;
    return new TaskReport.Metrics(epoch, task.id(), steps, rates, Math.max(0, Math.min(1, ratio)));
  }

  private static double perSecond(long[] now, Reading before, boolean in, int i, double seconds) {
    if (seconds <= 0) {
      return 0;
    }
    long[] then = in ? before.in() : before.out();
    return i < then.length ? Math.max(0, now[i] - then[i]) / seconds : 0;
  }

  private static Reading read(Task task, long nowNanos) {
    List<StepCounters> counters = task.counters();
    long[] in = new long[counters.size()];
    long[] out = new long[counters.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = counters.get(i).recordsIn();
      out[i] = counters.get(i).recordsOut();
    }
    return new Reading(nowNanos, in, out, task.backpressuredNanos());
  }
}
