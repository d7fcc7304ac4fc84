package dev.weir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchPageTest {

  @Test
  void thePageHasTheMediansTargetsAndChartLinks() throws Exception {
    Path docs = Path.of("docs").toAbsolutePath();
    BenchPage.Inputs in = new BenchPage.Inputs("cpu: 2 cores", "./weir bench plain-java --n 20000000",
        "docs/bench-results/2026-11-29.jsonl", "", "488148", null);
    BenchPage.Charts charts = new BenchPage.Charts(docs.resolve("benchmarks-throughput.png"),
        docs.resolve("benchmarks-checkpoints.png"), null);

    String page = BenchPage.write(Configs.group(ResultLines.read(ResultLinesTest.sample())), in,
        docs, charts);

    assertThat(page).startsWith("# Benchmarks\n")
        .contains("## Machine\n\n```\ncpu: 2 cores\n```\n")
        .contains("```\n./weir bench plain-java --n 20000000\n```\n")
        .contains("[`docs/bench-results/2026-11-29.jsonl`](bench-results/2026-11-29.jsonl)")
        .contains("| plain-java (baseline), 1 thread, HashMap, N=20M K=100k | 1 | 4,161,255 | 1.00 | – |")
        .contains("| keyed-count, chronicle, 1 s, N=20M K=100k P=2 | 1 | 2,577,573 | 0.62 | 8 | 48 | 213 / 213"
            + " | 4 | 1.2 MiB | – | 1/1 |")
        .contains("### big-state-checkpoint: full vs incremental checkpoints")
        .contains("| keyed-count, chronicle, 1 s, N=20M K=100k P=2 | 2,577,573 | 3,092,644 | 1.20 |")
        .contains("| peak RSS < 1 GiB | 477 MiB (Maximum resident set size 488148 kB,")
        .contains("![Throughput per configuration](benchmarks-throughput.png)")
        .contains("![Checkpoint duration over the run](benchmarks-checkpoints.png)")
        .doesNotContain("![records/s over the run]")
        .contains("## Micro-benchmarks (JMH)")
        .doesNotContain("Last run (short settings");
    assertThat(page.indexOf("## Results")).isLessThan(page.indexOf("## Targets"));
    assertThat(page.indexOf("## Targets")).isLessThan(page.indexOf("## Charts"));
  }
}
