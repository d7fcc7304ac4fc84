package dev.weir.bench;

import static dev.weir.bench.Format.bytes;
import static dev.weir.bench.Format.count;
import static dev.weir.bench.Format.fmt;
import static dev.weir.bench.Format.num;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Targets" table: each target of the benchmark issue with its measured figure and a verdict
 * (met, not met, not measured). Every target is judged on the median over runs; the worst run
 * is shown beside it where it matters.
 */
final class TargetsTable {
  static final String MET = "**met**";
  static final String NOT_MET = "**not met**";
  static final String NOT_MEASURED = "not measured";

  static final double RECORDS_PER_SEC_TARGET = 4_000_000;
  static final double CHECKPOINT_MS_MEDIAN_TARGET = 50;
  static final double CHECKPOINT_MS_MAX_TARGET = 250;

  private static final String HEADLINE =
      "keyed-count P=2, 1 s checkpoints to Chronicle, N=20M, K=100k: ≥ 4,000,000 records/s";
  private static final String OF_PLAIN_JAVA = "… and ≥ 1/3 of plain-java";
  private static final String OVERHEAD =
      "checkpoint overhead: 1 s checkpoints ≥ 95 % of checkpoints-off throughput";
  private static final String CHURN = "delta at 1 % churn ≤ 1/20 of a full checkpoint";
  private static final String CHURN_TEST = "`RescaleAndIncrementalTest.aDeltaWithOnePercentChurnIs"
      + "AtMostOneTwentiethOfAFullCheckpoint` (runner-local; 100k keys, 1 % of them updated, "
      + "in-memory store)";
  private static final Pattern CHURN_FIGURES = Pattern.compile("full (\\d+) bytes, delta (\\d+) bytes");

  private TargetsTable() {
  }

  /**
   * The table and its note.
   *
   * @param churn what the churn test printed ("" if it did not run)
   * @param rss the peak RSS in kB, or why it was not measured ("" if unknown)
   */
  static String write(List<Config> configs, String churn, String rss) {
    StringBuilder b = new StringBuilder();
    b.append("| target | measured | |\n|---|---|---|\n");
    Config h = Configs.headline(configs);
    if (h == null) {
      row(b, HEADLINE, "not run", null);
    } else {
      headlineRows(b, configs, h);
    }
    recoveryRow(b, "recoveryMs < 200 ms with 100k keys", 200,
        Configs.find(configs, c -> c.workload().equals("keyed-count-recovery")), 100_000);
    recoveryRow(b, "recoveryMs < 1 s with 1M keys", 1000,
        Configs.find(configs, c -> c.workload().equals("big-state-checkpoint")), 1_000_000);
    churnRow(b, churn);
    rssRow(b, rss);
    b.append("\nCheckpoint figures are from the keyed-count Chronicle configuration. Peak RSS is of "
        + "the whole JVM with the JVM options under Machine (./weir's defaults: the parallel "
        + "collector and -Xmx1g), so it shows how far the collector let the heap grow, not only "
        + "the live state.\n");
    return b.toString();
  }

  private static void headlineRows(StringBuilder b, List<Config> configs, Config h) {
    double rps = h.median("recordsPerSec");
    String at = " (N=" + count(h.n()) + ", K=" + count(h.k()) + ", P=" + h.p() + ")";
    row(b, HEADLINE, num(rps) + " records/s" + at, rps >= RECORDS_PER_SEC_TARGET);
    Config base = Configs.baselineFor(configs, h);
    if (base != null) {
      double ratio = rps / base.median("recordsPerSec");
      row(b, OF_PLAIN_JAVA, fmt("%.2f", ratio) + " × plain-java ("
          + num(base.median("recordsPerSec")) + " records/s)", ratio >= 1.0 / 3);
    } else {
      row(b, OF_PLAIN_JAVA, "plain-java not run", null);
    }
    Config off = Configs.checkpointsOffLike(configs, h);
    if (off != null) {
      double r = rps / off.median("recordsPerSec");
      row(b, OVERHEAD, fmt("%.1f", 100 * r) + " % (" + num(rps) + " vs "
          + num(off.median("recordsPerSec")) + " records/s)", r >= 0.95);
    } else {
      row(b, OVERHEAD, "checkpoints-off not run", null);
    }
    double med = h.median("checkpointMsMedian");
    row(b, "checkpoint duration, " + count(h.k()) + " keys: median < 50 ms",
        num(med) + " ms (median of the runs' medians)", med < CHECKPOINT_MS_MEDIAN_TARGET);
    double max = h.median("checkpointMsMax");
    row(b, "checkpoint duration, " + count(h.k()) + " keys: max < 250 ms",
        num(max) + " ms (median of the runs' max; worst run " + num(h.max("checkpointMsMax"))
        + " ms)", max < CHECKPOINT_MS_MAX_TARGET);
    double al = h.max("alignmentMsMax");
    row(b, "alignment max < 50 ms", num(al) + " ms (worst over all runs)", al < 50);
  }

  /** recoveryMs over the runs that restored a checkpoint (the target's premise). */
  private static void recoveryRow(StringBuilder b, String target, double limitMs, Config c,
      long keys) {
    if (c == null) {
      row(b, target, "not run", null);
      return;
    }
    List<Map<String, Object>> restored = c.runs().stream()
        .filter(r -> r.get("restoredCheckpointId") instanceof Number id && id.longValue() >= 0
            && r.get("recoveryMs") instanceof Number ms && ms.longValue() >= 0)
        .toList();
    String at = " (" + c.workload() + ", K=" + count(c.k()) + ", N=" + count(c.n()) + "; "
        + restored.size() + " of " + c.runs().size() + " runs restored a checkpoint";
    if (restored.isEmpty()) {
      row(b, target, "no run restored a checkpoint" + at + ")", null);
      return;
    }
    Config r = c.withRuns(restored);
    double med = r.median("recoveryMs");
    row(b, target, num(med) + " ms median, " + num(r.max("recoveryMs")) + " ms worst" + at + ")",
        c.k() == keys ? med < limitMs : null);
  }

  private static void churnRow(StringBuilder b, String churn) {
    Matcher m = CHURN_FIGURES.matcher(churn);
    if (m.find()) {
      long full = Long.parseLong(m.group(1));
      long delta = Long.parseLong(m.group(2));
      row(b, CHURN, "1/" + fmt("%.1f", (double) full / delta) + " (full " + bytes(full)
          + ", delta " + bytes(delta) + " of the keyed step), measured by " + CHURN_TEST,
          delta * 20 <= full);
    } else {
      row(b, CHURN, "not measured in this run" + (churn.isEmpty() ? "" : " (" + churn + ")")
          + "; see " + CHURN_TEST, null);
    }
  }

  private static void rssRow(StringBuilder b, String rss) {
    if (rss.matches("\\d+")) {
      long kb = Long.parseLong(rss);
      row(b, "peak RSS < 1 GiB", fmt("%.0f", kb / 1024.0) + " MiB (Maximum resident set size "
          + kb + " kB, one keyed-count run under /usr/bin/time -v)", kb < 1024 * 1024);
    } else {
      row(b, "peak RSS < 1 GiB", rss.isEmpty() ? NOT_MEASURED : rss, null);
    }
  }

  private static void row(StringBuilder b, String target, String measured, Boolean met) {
    b.append("| ").append(target).append(" | ").append(measured).append(" | ")
        .append(met == null ? NOT_MEASURED : met ? MET : NOT_MET).append(" |\n");
  }
}
