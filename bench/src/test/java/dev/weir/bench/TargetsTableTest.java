package dev.weir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTableTest {

  private static final String CHURN =
      "incremental checkpoints, 100000 keys, 1% churn: full 2000000 bytes, delta 50000 bytes";

  @Test
  void judgesEachTargetOnTheMedianOverRuns() {
    String t = TargetsTable.write(Configs.group(Runs.threeRounds()), CHURN, "2000000");

    assertThat(t).contains("| keyed-count P=2, 1 s checkpoints to Chronicle, N=20M, K=100k: ≥ 4,000,000"
            + " records/s | 4,200,000 records/s (N=20M, K=100k, P=2) | **met** |")
        .contains("| … and ≥ 1/3 of plain-java | 0.70 × plain-java (6,000,000 records/s) | **met** |")
        .contains("| 95.5 % (4,200,000 vs 4,400,000 records/s) | **met** |")
        .contains("| checkpoint duration, 100k keys: median < 50 ms | 45 ms (median of the runs' medians)"
            + " | **met** |")
        .contains("| 240 ms (median of the runs' max; worst run 300 ms) | **met** |")
        .contains("| recoveryMs < 200 ms with 100k keys | 100 ms median, 110 ms worst"
            + " (keyed-count-recovery, K=100k, N=20M; 2 of 3 runs restored a checkpoint) | **met** |")
        .contains("| recoveryMs < 1 s with 1M keys | not run | not measured |")
        .contains("| 1/40.0 (full 1.9 MiB, delta 48.8 KiB of the keyed step)")
        .contains("| peak RSS < 1 GiB | 1953 MiB (Maximum resident set size 2000000 kB,")
        .containsPattern("peak RSS < 1 GiB \\|[^\\n]*\\| \\*\\*not met\\*\\* \\|");
  }

  @Test
  void slowerRunsAndLongerCheckpointsAreNotMet() {
    List<Map<String, Object>> runs = new ArrayList<>(List.of(Runs.plainJava(6_000_000.0),
        Runs.keyedCount("none", 0, 4_000_000.0, 0, 0, true)));
    for (long ms : new long[] {55, 60, 40}) {
      runs.add(Runs.keyedCount("chronicle", 1000, 3_900_000.0, ms, 260, true));
    }

    String t = TargetsTable.write(Configs.group(runs), "", "");

    assertThat(t).contains("| 3,900,000 records/s (N=20M, K=100k, P=2) | **not met** |")
        .contains("| 97.5 % (3,900,000 vs 4,000,000 records/s) | **met** |")
        .contains("| 55 ms (median of the runs' medians) | **not met** |")
        .contains("| 260 ms (median of the runs' max; worst run 260 ms) | **not met** |")
        .contains("| delta at 1 % churn ≤ 1/20 of a full checkpoint | not measured in this run; see")
        .contains("| peak RSS < 1 GiB | not measured | not measured |");
  }

  @Test
  void withoutTheHeadlineConfigurationItIsNotRun() {
    String t = TargetsTable.write(Configs.group(List.of(Runs.plainJava(1.0))), "", "not measured:"
        + " /usr/bin/time is not installed");

    assertThat(t).contains("≥ 4,000,000 records/s | not run | not measured |")
        .contains("| peak RSS < 1 GiB | not measured: /usr/bin/time is not installed | not measured |");
  }
}
