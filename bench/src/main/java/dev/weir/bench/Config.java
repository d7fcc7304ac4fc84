package dev.weir.bench;

import static dev.weir.bench.Format.count;
import static dev.weir.bench.Format.ms;

import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * The runs of one benchmark configuration (workload, store, checkpoint interval, P, N, K), in
 * the order they ran, each run being one JSON line of the harness; the medians the report shows
 * are computed here.
 */
record Config(String key, String workload, String store, long intervalMs, long p, long n, long k,
    List<Map<String, Object>> runs) {

  static final String PLAIN_JAVA = "plain-java";

  boolean isBaseline() {
    return workload.equals(PLAIN_JAVA);
  }

  boolean checkpointsOff() {
    return store.equals("none") || intervalMs <= 0;
  }

  /** Three lines: the workload, how it checkpoints, and its sizes (the bar chart's label). */
  String label() {
    String head = isBaseline() ? "plain-java (baseline)" : workload;
    String how = isBaseline() ? "1 thread, HashMap"
        : checkpointsOff() ? "checkpoints off"
        : store + ", " + ms(intervalMs);
    return head + "\n" + how + "\nN=" + count(n) + " K=" + count(k) + (isBaseline() ? "" : " P=" + p);
  }

  /** The label on one line (the tables' first column). */
  String oneLine() {
    return label().replace("\n", ", ");
  }

  /** The same configuration with only the given runs. */
  Config withRuns(List<Map<String, Object>> only) {
    return new Config(key, workload, store, intervalMs, p, n, k, only);
  }

  /** Median of a numeric field over the runs that have it, or NaN. */
  double median(String field) {
    double[] v = values(field).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** Largest value of a numeric field over the runs, or NaN. */
  double max(String field) {
    return values(field).max().orElse(Double.NaN);
  }

  /** Runs whose result the harness verified (exactly N records counted). */
  long verified() {
    return runs.stream().filter(r -> Boolean.TRUE.equals(r.get("verified"))).count();
  }

  boolean has(String field) {
    return runs.stream().anyMatch(r -> r.get(field) != null);
  }

  private DoubleStream values(String field) {
    return runs.stream().map(r -> r.get(field)).filter(Number.class::isInstance)
        .mapToDouble(o -> ((Number) o).doubleValue());
  }
}
