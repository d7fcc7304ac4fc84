package dev.weir.cli;

import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.StepMetrics;
import dev.weir.sdk.SubtaskStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-step and per-subtask part of {@code weir jobs status}: as tables for people and as
 * the {@code "steps"} and {@code "subtasks"} members of its JSON.
 */
final class StepTable {
  private final JobMetrics metrics;
  private final List<SubtaskStatus> subtasks;

  StepTable(JobMetrics metrics, List<SubtaskStatus> subtasks) {
    this.metrics = metrics;
    this.subtasks = subtasks;
  }

  /**
   * The subtasks (with the coordinator first, from {@code placement}) and the steps. A job
   * whose coordinator reported no subtasks shows the placement only.
   */
  void print(PrintWriter out, Map<String, String> placement) {
    TextTable t = new TextTable("subtask", "worker", "state", "records_in", "records_out",
        "backpressure");
    String coordinator = placement.get("coordinator");
    if (coordinator != null) {
      t.row("coordinator", coordinator, "-", "-", "-", "-");
    }
    if (subtasks.isEmpty()) {
      placement.forEach((task, worker) -> {
        if (!task.equals("coordinator")) {
          t.row(task, worker, "-", "-", "-", "-");
        }
      });
    }
    for (SubtaskStatus s : subtasks) {
      t.row(s.task() + "#" + s.subtask(), s.worker(), s.state(), s.recordsIn(), s.recordsOut(),
          percent(s.backpressureRatio()));
    }
    t.print(out);
    if (metrics.steps().isEmpty()) {
      out.println("no step has reported records yet");
      return;
    }
    TextTable steps = new TextTable("step", "subtasks", "records_in", "records_out", "in/s",
        "out/s", "watermark", "backpressure");
    for (StepMetrics m : metrics.steps().values()) {
      steps.row(m.stepName(), metrics.subtasks(m.stepName()).size(), m.recordsIn(),
          m.recordsOut(), rate(m.recordsInPerSecond()), rate(m.recordsOutPerSecond()),
          watermark(m.watermark()), percent(m.backpressureRatio()));
    }
    steps.print(out);
  }

  /** {@code "steps":[...],"subtasks":[...]}, to go inside the status object. */
  String json() {
    StringBuilder b = new StringBuilder("\"steps\":[");
    String sep = "";
    for (StepMetrics m : metrics.steps().values()) {
      String w = watermark(m.watermark());
      b.append(sep).append("{\"step\":").append(Json.string(m.stepName()))
          .append(",\"subtasks\":").append(metrics.subtasks(m.stepName()).size())
          .append(",\"recordsIn\":").append(m.recordsIn())
          .append(",\"recordsOut\":").append(m.recordsOut())
          .append(",\"recordsInPerSecond\":").append(number(m.recordsInPerSecond()))
          .append(",\"recordsOutPerSecond\":").append(number(m.recordsOutPerSecond()))
          .append(",\"watermark\":").append(w.equals("-") ? "null" : Json.string(w))
          .append(",\"backpressureRatio\":").append(number(m.backpressureRatio())).append('}');
      sep = ",";
    }
    b.append("],\"subtasks\":[");
    sep = "";
    for (SubtaskStatus s : subtasks) {
      b.append(sep).append("{\"task\":").append(Json.string(s.task()))
          .append(",\"subtask\":").append(s.subtask())
          .append(",\"worker\":").append(Json.string(s.worker()))
          .append(",\"state\":").append(Json.string(s.state()))
          .append(",\"recordsIn\":").append(s.recordsIn())
          .append(",\"recordsOut\":").append(s.recordsOut())
          .append(",\"backpressureRatio\":").append(number(s.backpressureRatio())).append('}');
      sep = ",";
    }
    return b.append(']').toString();
  }

  /** ISO-8601, {@code end} at the end of input, {@code -} before the first watermark. */
  static String watermark(long w) {
    if (w == Long.MIN_VALUE) {
      return "-";
    }
    return w == Long.MAX_VALUE ? "end" : Instant.ofEpochMilli(w).toString();
  }

  private static String percent(double ratio) {
    return Math.round(ratio * 100) + "%";
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.0f", perSecond);
  }

  private static String number(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }
}
