package dev.weir.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the harness's JSON lines into docs/benchmarks.md and its two charts: medians per
 * configuration, ratios to the plain-java baseline, the benchmark issue's targets (met or not),
 * a throughput bar chart and a checkpoint-duration line chart. Reads with Jackson; used by
 * {@code scripts/bench.sh}:
 *
 * <pre>
 * java -Djava.awt.headless=true -cp bench/target/classes:$(cat bench/target/report-classpath.txt) dev.weir.bench.BenchReport \
 *   --results session.jsonl --results-link docs/bench-results/DATE.jsonl \
 *   --machine machine.txt --commands commands.txt [--rss rss.txt] [--churn churn.txt] \
 *   [--jmh jmh.txt] \
 *   --md docs/benchmarks.md --throughput-png docs/benchmarks-throughput.png \
 *   --checkpoints-png docs/benchmarks-checkpoints.png
 * </pre>
 */
public final class BenchReport {

  /** The runs of one configuration, in the order they ran. */
  record Config(String key, String workload, String store, long intervalMs, long p, long n, long k,
      List<Map<String, Object>> runs) {

    String label() {
      String head = switch (workload) {
        case "plain-java" -> "plain-java (baseline)";
        case "big-state-checkpoint" -> "big-state-checkpoint";
        default -> workload;
      };
      String how = workload.equals("plain-java") ? "1 thread, HashMap"
          : store.equals("none") || intervalMs <= 0 ? "checkpoints off"
          : store + ", " + ms(intervalMs);
      return head + "\n" + how + "\nN=" + count(n) + " K=" + count(k)
          + (workload.equals("plain-java") ? "" : " P=" + p);
    }

    String oneLine() {
      return label().replace("\n", ", ");
    }

    /** Median of a numeric field over the runs that have it, or NaN. */
    double median(String field) {
      double[] v = runs.stream().map(r -> r.get(field)).filter(Number.class::isInstance)
          .mapToDouble(o -> ((Number) o).doubleValue()).sorted().toArray();
      if (v.length == 0) {
        return Double.NaN;
      }
      int m = v.length / 2;
      return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** Largest value of a numeric field over the runs, or NaN. */
    double max(String field) {
      return runs.stream().map(r -> r.get(field)).filter(Number.class::isInstance)
          .mapToDouble(o -> ((Number) o).doubleValue()).max().orElse(Double.NaN);
    }

    long verified() {
      return runs.stream().filter(r -> Boolean.TRUE.equals(r.get("verified"))).count();
    }

    boolean has(String field) {
      return runs.stream().anyMatch(r -> r.get(field) != null);
    }
  }

  private BenchReport() {
  }

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0 || !a.containsKey("results") || !a.containsKey("md")) {
      System.err.println("usage: BenchReport --results FILE.jsonl --md OUT.md [--results-link PATH]"
          + " [--machine FILE] [--commands FILE] [--rss FILE] [--churn FILE] [--jmh FILE]"
          + " [--throughput-png PNG] [--checkpoints-png PNG] [--timeline-png PNG]");
      System.exit(2);
    }
    List<Map<String, Object>> rows = ResultLines.read(Path.of(a.get("results")));
    List<Config> configs = group(rows);
    Path md = Path.of(a.get("md"));
    Path mdDir = md.toAbsolutePath().getParent();
    Path throughputPng = a.containsKey("throughput-png") ? Path.of(a.get("throughput-png")) : null;
    Path checkpointsPng = a.containsKey("checkpoints-png") ? Path.of(a.get("checkpoints-png")) : null;
    if (throughputPng != null) {
      throughputChart(configs, throughputPng);
    }
    if (checkpointsPng != null) {
      checkpointChart(configs, checkpointsPng);
    }
    Path timelinePng = a.containsKey("timeline-png") ? Path.of(a.get("timeline-png")) : null;
    if (timelinePng != null && !timelineChart(configs, timelinePng)) {
      timelinePng = null; // no run has a timeline (results of an older harness)
    }
    String text = markdown(configs, a, mdDir, throughputPng, checkpointsPng, timelinePng);
    Files.createDirectories(mdDir);
    Files.writeString(md, text, StandardCharsets.UTF_8);
    System.out.print(summary(configs));
  }

  /** Groups runs by workload, store, interval, P, N and K, in the order first seen. */
  static List<Config> group(List<Map<String, Object>> rows) {
    Map<String, Config> byKey = new LinkedHashMap<>();
    for (Map<String, Object> r : rows) {
      String workload = str(r.get("workload"));
      String store = r.containsKey("store") ? str(r.get("store")) : "none";
      long interval = lng(r.get("checkpointIntervalMs"));
      long p = lng(r.get("p"));
      long n = lng(r.get("n"));
      long k = lng(r.get("k"));
      String key = workload + "|" + store + "|" + interval + "|" + p + "|" + n + "|" + k;
      byKey.computeIfAbsent(key, x -> new Config(x, workload, store, interval, p, n, k,
          new ArrayList<>())).runs().add(r);
    }
    List<Config> out = new ArrayList<>(byKey.values());
    // Baseline first, then keyed-count variants, then the failure workloads.
    out.sort((x, y) -> Integer.compare(order(x), order(y)));
    return out;
  }

  private static int order(Config c) {
    return switch (c.workload()) {
      case "plain-java" -> 0;
      case "keyed-count" -> c.store().equals("none") ? 1 : c.store().equals("chronicle") ? 2 : 3;
      case "keyed-count-recovery" -> 4;
      case "big-state-checkpoint" -> 5;
      default -> 6;
    };
  }

  /** The plain-java configuration with the same N (and K if there is one), for ratios. */
  static Config baselineFor(List<Config> configs, Config c) {
    Config sameN = null;
    for (Config b : configs) {
      if (b.workload().equals("plain-java") && b.n() == c.n()) {
        if (b.k() == c.k()) {
          return b;
        }
        sameN = sameN == null ? b : sameN;
      }
    }
    if (sameN != null) {
      return sameN;
    }
    return configs.stream().filter(b -> b.workload().equals("plain-java")).findFirst().orElse(null);
  }

  static Config find(List<Config> configs, Predicate<Config> p) {
    return configs.stream().filter(p).findFirst().orElse(null);
  }

  /** The headline configuration: keyed-count, Chronicle, 1 s checkpoints. */
  static Config headline(List<Config> configs) {
    return find(configs, c -> c.workload().equals("keyed-count") && c.store().equals("chronicle")
        && c.intervalMs() == 1000);
  }

  static void throughputChart(List<Config> configs, Path out) throws IOException {
    List<ChartWriter.Bar> bars = new ArrayList<>();
    for (Config c : configs) {
      if (c.has("recordsPerSec")) {
        bars.add(new ChartWriter.Bar(c.label(), c.median("recordsPerSec"),
            c.workload().equals("plain-java")));
      }
    }
    ChartWriter.barChart(out, "Weir throughput per configuration (median of runs)",
        "records/s", bars, List.of(new ChartWriter.RefLine("target: 4M records/s (keyed-count, P=2, 1 s "
            + "checkpoints)", 4_000_000)));
  }

  static void checkpointChart(List<Config> configs, Path out) throws IOException {
    List<ChartWriter.Series> series = new ArrayList<>();
    for (Config c : configs) {
      if (!c.workload().equals("keyed-count") || c.intervalMs() <= 0) {
        continue;
      }
      int run = 0;
      for (Map<String, Object> r : c.runs()) {
        run++;
        if (!(r.get("checkpointDurationsMs") instanceof List<?> d)) {
          continue;
        }
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
          pts.add(new double[] {i + 1, ((Number) d.get(i)).doubleValue()});
        }
        series.add(new ChartWriter.Series(c.store() + ", " + ms(c.intervalMs()) + ", K="
            + count(c.k()) + ": run " + run, pts));
      }
    }
    ChartWriter.lineChart(out, "keyed-count: checkpoint duration over the run (one line per run)",
        "checkpoint number", "checkpoint duration (ms)", series,
        List.of(new ChartWriter.RefLine("target: median < 50 ms", 50),
            new ChartWriter.RefLine("target: max < 250 ms", 250)));
  }

  /**
   * Whole-run against steady-state records/s of the keyed-count configurations, from the runs'
   * {@code steadyRecordsPerSec} (the median interval of the second half of each run); empty
   * when no run has it.
   */
  static String steadySection(List<Config> configs) {
    List<Config> keyed = configs.stream()
        .filter(c -> c.workload().equals("keyed-count") && c.has("steadyRecordsPerSec")).toList();
    if (keyed.isEmpty()) {
      return "";
    }
    Config off = find(keyed, c -> c.intervalMs() <= 0);
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

  /**
   * records/s over the run of the median run (by records/s) of keyed-count with checkpoints
   * off and with each checkpointing configuration; false when no run has a timeline.
   */
  static boolean timelineChart(List<Config> configs, Path out) throws IOException {
    List<ChartWriter.Series> series = new ArrayList<>();
    for (Config c : configs) {
      if (!c.workload().equals("keyed-count")) {
        continue;
      }
      List<Map<String, Object>> runs = c.runs().stream()
          .filter(r -> r.get("recordsPerSecTimeline") instanceof List<?> && r.get("recordsPerSec") != null)
          .sorted(java.util.Comparator.comparingDouble(r -> ((Number) r.get("recordsPerSec")).doubleValue()))
          .toList();
      if (runs.isEmpty()) {
        continue;
      }
      Map<String, Object> median = runs.get(runs.size() / 2);
      List<?> rates = (List<?>) median.get("recordsPerSecTimeline");
      double step = median.get("timelineIntervalMs") instanceof Number ms ? ms.doubleValue() / 1000 : 0.25;
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < rates.size(); i++) {
        pts.add(new double[] {(i + 1) * step, ((Number) rates.get(i)).doubleValue()});
      }
      String what = c.intervalMs() <= 0 ? "checkpoints off" : c.store() + ", " + ms(c.intervalMs());
      series.add(new ChartWriter.Series(what + ": median run, " + num(
          ((Number) median.get("recordsPerSec")).doubleValue()) + " records/s overall", pts));
    }
    if (series.isEmpty()) {
      return false;
    }
    ChartWriter.lineChart(out, "keyed-count: records/s over the run (the median run of each configuration)",
        "seconds since the job started", "records/s in each interval", series, List.of(),
        "interval", false);
    return true;
  }

  private static String markdown(List<Config> configs, Map<String, String> a, Path mdDir,
      Path throughputPng, Path checkpointsPng, Path timelinePng) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("# Benchmarks\n\n");
    b.append("<!-- Generated by scripts/bench.sh (dev.weir.bench.BenchReport); edit those, not this"
        + " file. -->\n\n");
    b.append("The workloads are defined in the benchmark workload description (keyed-count, "
        + "keyed-count-recovery, big-state-checkpoint, plain-java); `weir bench <workload>` runs one "
        + "and prints one JSON line per run. `scripts/bench.sh` runs each configuration several "
        + "times, each run in a fresh JVM, interleaving the configurations round by round so that "
        + "background load spreads over all of them, then writes this page from the medians.\n\n");
    b.append("**Provisional figures.** The machine has 2 cores and may run other work at the same "
        + "time; compare ratios rather than absolute numbers, and re-run before drawing "
        + "conclusions.\n\n");
    b.append("## Machine\n\n");
    if (a.containsKey("machine")) {
      b.append("```\n").append(Files.readString(Path.of(a.get("machine"))).strip()).append("\n```\n\n");
    }
    b.append("## Commands\n\n");
    if (a.containsKey("commands")) {
      b.append("```\n").append(Files.readString(Path.of(a.get("commands"))).strip()).append("\n```\n\n");
    }
    if (a.containsKey("results-link")) {
      String link = a.get("results-link");
      b.append("Raw results (one JSON line per run): [`").append(link).append("`](")
          .append(relative(mdDir, Path.of(link))).append(").\n\n");
    }
    b.append("## Results (medians over runs)\n\n");
    b.append("| configuration | runs | records/s | × plain-java | checkpoints | checkpoint ms median"
        + " | checkpoint ms max (median / worst run) | alignment ms max (worst run) | last checkpoint bytes"
        + " | recoveryMs (median / worst) | verified |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Config c : configs) {
      Config base = baselineFor(configs, c);
      double rps = c.median("recordsPerSec");
      double ratio = base == null ? Double.NaN : rps / base.median("recordsPerSec");
      boolean ckpt = !c.workload().equals("plain-java");
      b.append("| ").append(c.oneLine())
          .append(" | ").append(c.runs().size())
          .append(" | ").append(num(rps))
          .append(" | ").append(c.workload().equals("plain-java") ? "1.00" : fmt("%.2f", ratio))
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
    List<Config> big = configs.stream().filter(c -> c.workload().equals("big-state-checkpoint")).toList();
    if (!big.isEmpty()) {
      b.append("### big-state-checkpoint: full vs incremental checkpoints\n\n");
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
    }
    b.append(steadySection(configs));
    b.append("## Targets\n\n");
    b.append(targets(configs, a));
    b.append("\nWhat limits these figures and what would move them: [performance-notes.md]"
        + "(performance-notes.md).\n");
    b.append("\nKafka (kafka-keyed-count exactly-once vs at-least-once; 1M-key checkpoints to Kafka "
        + "vs Chronicle Queue): measured separately, see [kafka.md#performance](kafka.md#performance); "
        + "`scripts/bench.sh --kafka` adds those runs to the raw results.\n");
    b.append("\n## Charts\n\n");
    if (throughputPng != null) {
      b.append("![Throughput per configuration](").append(relative(mdDir, throughputPng))
          .append(")\n\n");
    }
    if (checkpointsPng != null) {
      b.append("![Checkpoint duration over the run](").append(relative(mdDir, checkpointsPng))
          .append(")\n\n");
    }
    if (timelinePng != null) {
      b.append("![records/s over the run](").append(relative(mdDir, timelinePng))
          .append(")\n\nrecords/s over the run: the records the keyed step took in during each ")
          .append("interval (`recordsPerSecTimeline`, every `timelineIntervalMs`), so the JIT's ")
          .append("warm-up at the start and the cost around each checkpoint are visible.\n\n");
    }
    b.append(jmhSection(a));
    return b.toString();
  }

  private static String targets(List<Config> configs, Map<String, String> a) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("| target | measured | |\n|---|---|---|\n");
    Config h = headline(configs);
    Config off = find(configs, c -> c.workload().equals("keyed-count") && c.intervalMs() <= 0
        && h != null && c.p() == h.p() && c.n() == h.n() && c.k() == h.k());
    Config base = h == null ? null : baselineFor(configs, h);
    if (h == null) {
      row(b, "keyed-count P=2, 1 s checkpoints to Chronicle, N=20M, K=100k: ≥ 4,000,000 records/s",
          "not run", null);
    } else {
      double rps = h.median("recordsPerSec");
      String at = " (N=" + count(h.n()) + ", K=" + count(h.k()) + ", P=" + h.p() + ")";
      row(b, "keyed-count P=2, 1 s checkpoints to Chronicle, N=20M, K=100k: ≥ 4,000,000 records/s",
          num(rps) + " records/s" + at, rps >= 4_000_000);
      if (base != null) {
        double ratio = rps / base.median("recordsPerSec");
        row(b, "… and ≥ 1/3 of plain-java", fmt("%.2f", ratio) + " × plain-java ("
            + num(base.median("recordsPerSec")) + " records/s)", ratio >= 1.0 / 3);
      } else {
        row(b, "… and ≥ 1/3 of plain-java", "plain-java not run", null);
      }
      if (off != null) {
        double r = rps / off.median("recordsPerSec");
        row(b, "checkpoint overhead: 1 s checkpoints ≥ 95 % of checkpoints-off throughput",
            fmt("%.1f", 100 * r) + " % (" + num(rps) + " vs " + num(off.median("recordsPerSec"))
            + " records/s)", r >= 0.95);
      } else {
        row(b, "checkpoint overhead: 1 s checkpoints ≥ 95 % of checkpoints-off throughput",
            "checkpoints-off not run", null);
      }
      double med = h.median("checkpointMsMedian");
      row(b, "checkpoint duration, " + count(h.k()) + " keys: median < 50 ms",
          num(med) + " ms (median of the runs' medians)", med < 50);
      // Like every target, judged on the median over runs (of each run's max); the worst run
      // is shown beside it.
      double max = h.median("checkpointMsMax");
      row(b, "checkpoint duration, " + count(h.k()) + " keys: max < 250 ms",
          num(max) + " ms (median of the runs' max; worst run " + num(h.max("checkpointMsMax"))
          + " ms)", max < 250);
      double al = h.max("alignmentMsMax");
      row(b, "alignment max < 50 ms", num(al) + " ms (worst over all runs)", al < 50);
    }
    recoveryRow(b, "recoveryMs < 200 ms with 100k keys", 200,
        find(configs, c -> c.workload().equals("keyed-count-recovery")), 100_000);
    recoveryRow(b, "recoveryMs < 1 s with 1M keys", 1000,
        find(configs, c -> c.workload().equals("big-state-checkpoint")), 1_000_000);
    String churn = a.containsKey("churn") ? Files.readString(Path.of(a.get("churn"))).strip() : "";
    Matcher m = Pattern.compile("full (\\d+) bytes, delta (\\d+) bytes").matcher(churn);
    String churnTest = "`RescaleAndIncrementalTest.aDeltaWithOnePercentChurnIsAtMostOneTwentiethOf"
        + "AFullCheckpoint` (runner-local; 100k keys, 1 % of them updated, in-memory store)";
    if (m.find()) {
      long full = Long.parseLong(m.group(1));
      long delta = Long.parseLong(m.group(2));
      row(b, "delta at 1 % churn ≤ 1/20 of a full checkpoint", "1/" + fmt("%.1f", (double) full / delta)
          + " (full " + bytes(full) + ", delta " + bytes(delta) + " of the keyed step), measured by "
          + churnTest, delta * 20 <= full);
    } else {
      row(b, "delta at 1 % churn ≤ 1/20 of a full checkpoint", "not measured in this run"
          + (churn.isEmpty() ? "" : " (" + churn + ")") + "; see " + churnTest, null);
    }
    String rss = a.containsKey("rss") ? Files.readString(Path.of(a.get("rss"))).strip() : "";
    if (rss.matches("\\d+")) {
      long kb = Long.parseLong(rss);
      row(b, "peak RSS < 1 GiB", fmt("%.0f", kb / 1024.0) + " MiB (Maximum resident set size " + kb
          + " kB, one keyed-count run under /usr/bin/time -v)", kb < 1024 * 1024);
    } else {
      row(b, "peak RSS < 1 GiB", rss.isEmpty() ? "not measured" : rss, null);
    }
    b.append("\nCheckpoint figures are from the keyed-count Chronicle configuration. Peak RSS is of "
        + "the whole JVM with the JVM options under Machine (./weir's defaults: the parallel "
        + "collector and -Xmx1g), so it shows how far the collector let the heap grow, not only "
        + "the live state.\n");
    return b.toString();
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
    Config r = new Config(c.key(), c.workload(), c.store(), c.intervalMs(), c.p(), c.n(), c.k(),
        restored);
    double med = r.median("recoveryMs");
    row(b, target, num(med) + " ms median, " + num(r.max("recoveryMs")) + " ms worst" + at + ")",
        c.k() == keys ? med < limitMs : null);
  }

  private static void row(StringBuilder b, String target, String measured, Boolean met) {
    b.append("| ").append(target).append(" | ").append(measured).append(" | ")
        .append(met == null ? "not measured" : met ? "**met**" : "**not met**").append(" |\n");
  }

  private static String jmhSection(Map<String, String> a) throws IOException {
    StringBuilder b = new StringBuilder("## Micro-benchmarks (JMH)\n\n");
    b.append("The `bench` module holds JMH benchmarks of the runtime's hot paths, using its "
        + "internal classes directly: channel hand-off between two threads (`LocalChannel` + "
        + "`LocalInputGate` moving `RecordBatch`es), keyed state access (`HeapKeyedStateBackend`, a "
        + "`ValueState<Long>` over 100k String keys), Avro encoding of state (`KeyedStateFormat`, "
        + "`hashOfEncoding`, `Types.kv(STRING, LONG).encode`) and barrier alignment "
        + "(`BarrierAligner` over 2–4 channels). The normal build only compiles them (no tests, "
        + "nothing installed); the runnable jar is built under a profile:\n\n");
    b.append("```\nmvn -o -q -Pjmh -DskipTests package -pl bench -am\n"
        + "java -jar bench/target/weir-bench-jmh.jar            # all, JMH defaults of each class\n"
        + "java -jar bench/target/weir-bench-jmh.jar Channel -f 1 -wi 3 -i 5   # a subset\n"
        + "scripts/bench.sh --jmh                                 # also runs them, short, into this page\n```\n\n");
    if (a.containsKey("jmh")) {
      String t = Files.readString(Path.of(a.get("jmh"))).strip();
      if (!t.isEmpty()) {
        b.append("Last run (short settings, see the command above; scores are operations per "
            + "second with JMH's 99.9 % error, which is wide with 3 iterations on a busy machine). "
            + "One operation is: a record received (`ChannelHandoffBenchmark`, batches of 256), one "
            + "record's state access (`KeyedStateBenchmark`), one entry written "
            + "(`writeKeyedState100k`), one hash or encoding (`stringHashOfEncoding`, `kvEncode`), "
            + "one complete alignment over all channels (`BarrierAlignmentBenchmark`).\n\n```\n")
            .append(t).append("\n```\n");
      }
    }
    return b.toString();
  }

  /** One line per configuration, for the terminal. */
  static String summary(List<Config> configs) {
    StringBuilder b = new StringBuilder();
    for (Config c : configs) {
      b.append(String.format(Locale.ROOT, "%-70s runs=%d records/s=%s ckpt median=%s max=%s recoveryMs=%s verified=%d/%d%n",
          c.oneLine(), c.runs().size(), num(c.median("recordsPerSec")), num(c.median("checkpointMsMedian")),
          num(c.max("checkpointMsMax")), num(c.median("recoveryMs")), c.verified(), c.runs().size()));
    }
    return b.toString();
  }

  private static String relative(Path from, Path to) {
    try {
      return from.relativize(to.toAbsolutePath().normalize()).toString();
    } catch (IllegalArgumentException e) {
      return to.toString();
    }
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (v == Math.rint(v) || Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  static String bytes(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (v >= 1 << 20) {
      return fmt("%.1f MiB", v / (1 << 20));
    }
    if (v >= 1 << 10) {
      return fmt("%.1f KiB", v / (1 << 10));
    }
    return fmt("%.0f B", v);
  }

  static String count(long v) {
    if (v >= 1_000_000 && v % 100_000 == 0) {
      return trimZero(fmt("%.1f", v / 1e6)) + "M";
    }
    if (v >= 1_000 && v % 100 == 0) {
      return trimZero(fmt("%.1f", v / 1e3)) + "k";
    }
    return Long.toString(v);
  }

  private static String trimZero(String s) {
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  static String ms(long intervalMs) {
    return intervalMs % 1000 == 0 ? intervalMs / 1000 + " s" : intervalMs + " ms";
  }

  private static String fmt(String f, Object... v) {
    return String.format(Locale.ROOT, f, v);
  }

  private static String str(Object o) {
    return Objects.toString(o, "none");
  }

  private static long lng(Object o) {
    return o instanceof Number x ? x.longValue() : 0;
  }
}
