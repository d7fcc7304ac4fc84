package dev.weir.bench;

import static dev.weir.bench.Format.bytes;
import static dev.weir.bench.Format.fmt;
import static dev.weir.bench.Format.num;

import java.util.List;

/**
 * The page's tables of figures: the medians of every configuration, big-state-checkpoint's full
 * against incremental checkpoints, and keyed-count's whole run against its steady state.
 */
final class ResultTables {

  private ResultTables() {
  }

  /** Medians over runs, one row per configuration, with the ratio to plain-java. */
  static String medians(List<Config> configs) {
    StringBuilder b = new StringBuilder();
    b.append("| configuration | runs | records/s | × plain-java | checkpoints | checkpoint ms median"
        + " | checkpoint ms max (median / worst run) | alignment ms max (worst run) | last checkpoint bytes"
        + " | recoveryMs (median / worst) | verified |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Config c : configs) {
      Config base = Configs.baselineFor(configs, c);
      double rps = c.median("recordsPerSec");
      double ratio = base == null ? Double.NaN : rps / base.median("recordsPerSec");
      boolean ckpt = !c.isBaseline();
      b.append("| ").append(c.oneLine())
          .append(" | ").append(c.runs().size())
          .append(" | ").append(num(rps))
          .append(" | ").append(c.isBaseline() ? "1.00" : fmt("%.2f", ratio))
          .append(" | ").append(ckpt ? num(c.median("checkpoints")) : "–")
          .append(" | ").append(ckpt ? num(c.median("checkpointMsMedian")) : "–")
          .append(" | ").append(ckpt ? num(c.median("checkpointMsMax")) + " / " + num(c.max("checkpointMsMax")) : "–")
          .append(" | ").append(ckpt ? num(c.max("alignmentMsMax")) : "–")
          .append(" | ").append(ckpt ? bytes(c.median("lastCheckpointBytes")) : "–")
          .append(" | ").append(c.has("recoveryMs") ? num(c.median("recoveryMs")) + " / " + num(c.max("recoveryMs")) : "–")
          .append(" | ").append(c.verified()).append('/').append(c.runs().size())
          .append(" |\n");
    }
    b.append("\nrecords/s: N divided by the wall time of the job (start to finish, including "
        + "checkpoints and, for the failure workloads, the failure and the restore). "
        + "× plain-java: against the plain-java run with the same N. verified: runs whose final "
        + "per-key sums add up to exactly N, with every key present.\n\n");
    return b.toString();
  }

  /** big-state-checkpoint: full against incremental checkpoints; empty when it did not run. */
  static String bigState(List<Config> configs) {
    List<Config> big = configs.stream().filter(c -> c.workload().equals("big-state-checkpoint")).toList();
    if (big.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("### big-state-checkpoint: full vs incremental checkpoints\n\n");
    b.append("| configuration | full checkpoints | full bytes | full ms | incremental checkpoints"
        + " | incremental bytes | incremental ms | incremental / full bytes | recoveryMs"
        + " | restored checkpoint |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Config c : big) {
      double full = c.median("fullBytesMedian");
      double inc = c.median("incrementalBytesMedian");
      b.append("| ").append(c.oneLine())
          .append(" | ").append(num(c.median("fullCheckpoints")))
          .append(" | ").append(bytes(full))
          .append(" | ").append(num(c.median("fullMsMedian")))
          .append(" | ").append(num(c.median("incrementalCheckpoints")))
          .append(" | ").append(bytes(inc))
          .append(" | ").append(num(c.median("incrementalMsMedian")))
          .append(" | ").append(full > 0 && inc > 0 ? "1/" + fmt("%.1f", full / inc) : "–")
          .append(" | ").append(num(c.median("recoveryMs")))
          .append(" | ").append(num(c.median("restoredCheckpointId")))
          .append(" |\n");
    }
    b.append("\nMedians over runs of each run's medians. In this workload every key changes "
        + "between checkpoints (the keys are spread over the whole range), so the incremental "
        + "checkpoints are not small; the 1 % churn case is measured by a test (below). "
        + "restored checkpoint -1: the failure came before the first completed checkpoint, so "
        + "the job restarted from the beginning.\n\n");
    return b.toString();
  }

  /**
   * Whole-run against steady-state records/s of the keyed-count configurations, from the runs'
   * {@code steadyRecordsPerSec} (the median interval of the second half of each run); empty
   * when no run has it.
   */
  static String steadyState(List<Config> configs) {
    List<Config> keyed = configs.stream()
        .filter(c -> c.workload().equals("keyed-count") && c.has("steadyRecordsPerSec")).toList();
    if (keyed.isEmpty()) {
      return "";
    }
    Config off = Configs.find(keyed, c -> c.intervalMs() <= 0);
    StringBuilder b = new StringBuilder("### keyed-count: whole run and steady state\n\n");
    b.append("| configuration | records/s, whole run | steady-state records/s | steady / whole run"
        + " | steady vs checkpoints off |\n|---|---:|---:|---:|---:|\n");
    for (Config c : keyed) {
      double whole = c.median("recordsPerSec");
      double steady = c.median("steadyRecordsPerSec");
      b.append("| ").append(c.oneLine())
          .append(" | ").append(num(whole))
          .append(" | ").append(num(steady))
          .append(" | ").append(whole > 0 ? fmt("%.2f", steady / whole) : "–")
          .append(" | ").append(off != null && c != off && off.median("steadyRecordsPerSec") > 0
              ? fmt("%.1f %%", 100 * steady / off.median("steadyRecordsPerSec")) : "–")
          .append(" |\n");
    }
    b.append("\nsteady-state records/s: per run, the median of the records/s of the intervals in "
        + "the second half of the run (`steadyRecordsPerSec`, from `recordsPerSecTimeline`); the "
        + "median over runs. The whole-run figure, which the targets use, also pays for the JVM's "
        + "warm-up (class loading and the JIT compiling the record path) in the first seconds of "
        + "a 20M-record run; the chart \"records/s over the run\" below shows it.\n\n");
    return b.toString();
  }
}
