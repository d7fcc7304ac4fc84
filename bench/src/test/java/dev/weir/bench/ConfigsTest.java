package dev.weir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigsTest {

  @Test
  void groupsRunsByConfigurationBaselineFirst() {
    List<Map<String, Object>> backwards = new ArrayList<>(Runs.threeRounds());
    Collections.reverse(backwards);
    List<Config> configs = Configs.group(backwards);

    assertThat(configs).extracting(Config::oneLine).containsExactly(
        "plain-java (baseline), 1 thread, HashMap, N=20M K=100k",
        "keyed-count, checkpoints off, N=20M K=100k P=2",
        "keyed-count, chronicle, 1 s, N=20M K=100k P=2",
        "keyed-count-recovery, chronicle, 1 s, N=20M K=100k P=2");
    assertThat(configs).extracting(c -> c.runs().size()).containsOnly(3);
  }

  @Test
  void mediansMaximaAndVerifiedRuns() {
    Config chronicle = Configs.headline(Configs.group(Runs.threeRounds()));

    assertThat(chronicle.median("recordsPerSec")).isEqualTo(4_200_000.0);
    assertThat(chronicle.median("checkpointMsMax")).isEqualTo(240.0);
    assertThat(chronicle.max("checkpointMsMax")).isEqualTo(300.0);
    assertThat(chronicle.verified()).isEqualTo(2);
    assertThat(chronicle.median("noSuchField")).isNaN();
    Config two = chronicle.withRuns(chronicle.runs().subList(0, 2));
    assertThat(two.median("checkpointMsMedian")).as("even count: the mean of the middle two").isEqualTo(50.0);
  }

  @Test
  void theBaselineIsThePlainJavaRunWithTheSameN() {
    List<Config> configs = Configs.group(List.of(
        Runs.run("workload", "plain-java", "n", 1_000L, "k", 10L, "recordsPerSec", 1.0),
        Runs.run("workload", "plain-java", "n", 2_000L, "k", 10L, "recordsPerSec", 2.0),
        Runs.run("workload", "keyed-count", "n", 2_000L, "k", 20L, "recordsPerSec", 3.0)));

    assertThat(Configs.baselineFor(configs, configs.get(2)).n()).isEqualTo(2_000L);
  }
}
