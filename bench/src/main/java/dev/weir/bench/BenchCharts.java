package dev.weir.bench;

import static dev.weir.bench.Format.count;
import static dev.weir.bench.Format.ms;
import static dev.weir.bench.Format.num;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The page's three charts: what each shows of the results ({@link PngCharts} draws them).
 */
final class BenchCharts {

  private BenchCharts() {
  }

  /** Median records/s per configuration as bars, plain-java apart, with the throughput target. */
  static void throughput(List<Config> configs, Path out) throws IOException {
    List<PngCharts.Bar> bars = new ArrayList<>();
    for (Config c : configs) {
      if (c.has("recordsPerSec")) {
        bars.add(new PngCharts.Bar(c.label(), c.median("recordsPerSec"), c.isBaseline()));
      }
    }
    PngCharts.barChart(out, "Weir throughput per configuration (median of runs)", "records/s", bars,
        List.of(new PngCharts.RefLine("target: 4M records/s (keyed-count, P=2, 1 s checkpoints)",
            TargetsTable.RECORDS_PER_SEC_TARGET)));
  }

  /** keyed-count with checkpoints: each checkpoint's duration, one line per run. */
  static void checkpoints(List<Config> configs, Path out) throws IOException {
    List<PngCharts.Series> series = new ArrayList<>();
    for (Config c : configs) {
      if (!c.workload().equals("keyed-count") || c.intervalMs() <= 0) {
        continue;
      }
      int run = 0;
      for (Map<String, Object> r : c.runs()) {
        run++;
        if (r.get("checkpointDurationsMs") instanceof List<?> d) {
          series.add(new PngCharts.Series(c.store() + ", " + ms(c.intervalMs()) + ", K="
              + count(c.k()) + ": run " + run, points(d, 1)));
        }
      }
    }
    PngCharts.lineChart(out, "keyed-count: checkpoint duration over the run (one line per run)",
        "checkpoint number", "checkpoint duration (ms)", series,
        List.of(new PngCharts.RefLine("target: median < 50 ms", TargetsTable.CHECKPOINT_MS_MEDIAN_TARGET),
            new PngCharts.RefLine("target: max < 250 ms", TargetsTable.CHECKPOINT_MS_MAX_TARGET)),
        "checkpoint", true);
  }

  /**
   * records/s over the run of the median run (by records/s) of keyed-count with checkpoints
   * off and with each checkpointing configuration.
   *
   * @return false, writing nothing, when no run has a timeline (results of an older harness)
   */
  static boolean timeline(List<Config> configs, Path out) throws IOException {
    List<PngCharts.Series> series = new ArrayList<>();
    for (Config c : configs) {
      if (!c.workload().equals("keyed-count")) {
        continue;
      }
      List<Map<String, Object>> runs = c.runs().stream()
          .filter(r -> r.get("recordsPerSecTimeline") instanceof List<?>
              && r.get("recordsPerSec") instanceof Number)
          .sorted(Comparator.comparingDouble(r -> ((Number) r.get("recordsPerSec")).doubleValue()))
          .toList();
      if (runs.isEmpty()) {
        continue;
      }
      Map<String, Object> median = runs.get(runs.size() / 2);
      double stepSeconds = median.get("timelineIntervalMs") instanceof Number ms
          ? ms.doubleValue() / 1000 : 0.25;
      String what = c.checkpointsOff() ? "checkpoints off" : c.store() + ", " + ms(c.intervalMs());
      series.add(new PngCharts.Series(what + ": median run, "
          + num(((Number) median.get("recordsPerSec")).doubleValue()) + " records/s overall",
          points((List<?>) median.get("recordsPerSecTimeline"), stepSeconds)));
    }
    if (series.isEmpty()) {
      return false;
    }
    PngCharts.lineChart(out, "keyed-count: records/s over the run (the median run of each configuration)",
        "seconds since the job started", "records/s in each interval", series, List.of(),
        "interval", false);
    return true;
  }

  /** (i + 1) × step against the i-th value. */
  private static List<double[]> points(List<?> values, double step) {
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      pts.add(new double[] {(i + 1) * step, ((Number) values.get(i)).doubleValue()});
    }
    return pts;
  }
}
