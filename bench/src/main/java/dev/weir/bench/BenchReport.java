package dev.weir.bench;

import static dev.weir.bench.Format.num;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the harness's JSON lines into docs/benchmarks.md and its three charts: medians per
 * configuration, ratios to the plain-java baseline, the benchmark issue's targets (met or not),
 * a throughput bar chart, a checkpoint-duration line chart and a records/s timeline. Used by
 * {@code scripts/bench.sh}; run alone on a results file, it rebuilds the page from those runs:
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/report-classpath.txt) dev.weir.bench.BenchReport \
 *   --results session.jsonl --results-link docs/bench-results/DATE.jsonl \
 *   --machine machine.txt --commands commands.txt [--rss rss.txt] [--churn churn.txt] \
 *   [--jmh jmh.txt] \
 *   --md docs/benchmarks.md --throughput-png docs/benchmarks-throughput.png \
 *   --checkpoints-png docs/benchmarks-checkpoints.png --timeline-png docs/benchmarks-timeline.png
 * </pre>
 *
 * Reading is {@link ResultLines}, grouping {@link Configs}, the page {@link BenchPage} and the
 * charts {@link BenchCharts}.
 */
public final class BenchReport {
  private static final String USAGE = "usage: BenchReport --results FILE.jsonl --md OUT.md"
      + " [--results-link PATH] [--machine FILE] [--commands FILE] [--rss FILE] [--churn FILE]"
      + " [--jmh FILE] [--throughput-png PNG] [--checkpoints-png PNG] [--timeline-png PNG]";

  private BenchReport() {
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> a = options(args);
    if (a == null) {
      System.err.println(USAGE);
      System.exit(2);
    }
    List<Config> configs = Configs.group(ResultLines.read(Path.of(a.get("results"))));
    Path md = Path.of(a.get("md"));
    Path mdDir = md.toAbsolutePath().getParent();
    Path throughput = path(a, "throughput-png");
    Path checkpoints = path(a, "checkpoints-png");
    Path timeline = path(a, "timeline-png");
    if (throughput != null) {
      BenchCharts.throughput(configs, throughput);
    }
    if (checkpoints != null) {
      BenchCharts.checkpoints(configs, checkpoints);
    }
    if (timeline != null && !BenchCharts.timeline(configs, timeline)) {
      timeline = null;
    }
    BenchPage.Inputs in = new BenchPage.Inputs(text(a, "machine"), text(a, "commands"),
        a.get("results-link"), text(a, "churn"), text(a, "rss"), text(a, "jmh"));
    String page = BenchPage.write(configs, in, mdDir,
        new BenchPage.Charts(throughput, checkpoints, timeline));
    Files.createDirectories(mdDir);
    Files.writeString(md, page, StandardCharsets.UTF_8);
    System.out.print(summary(configs));
  }

  /** {@code --name value} pairs; null when malformed or --results or --md is missing. */
  static Map<String, String> options(String[] args) {
    Map<String, String> a = new LinkedHashMap<>();
    if (args.length % 2 != 0) {
      return null;
    }
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i] + "; " + USAGE);
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    return a.containsKey("results") && a.containsKey("md") ? a : null;
  }

  private static Path path(Map<String, String> a, String option) {
    return a.containsKey(option) ? Path.of(a.get(option)) : null;
  }

  /** The stripped text of the file an option names, or null without the option. */
  private static String text(Map<String, String> a, String option) throws IOException {
    return a.containsKey(option) ? Files.readString(Path.of(a.get(option))).strip() : null;
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
}
