package dev.weir.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultLinesTest {

  /** One round of the 2026-11-29 session, as bench.sh kept it in docs/bench-results. */
  static Path sample() throws URISyntaxException {
    return Path.of(ResultLinesTest.class.getResource("/bench-results-sample.jsonl").toURI());
  }

  @Test
  void readsTheHarnessLinesWithTheirTypesAndFieldOrder() throws Exception {
    List<Map<String, Object>> runs = ResultLines.read(sample());

    assertThat(runs).extracting(r -> r.get("workload")).containsExactly("plain-java", "keyed-count",
        "keyed-count", "keyed-count", "keyed-count-recovery", "big-state-checkpoint");
    Map<String, Object> chronicle = runs.get(2);
    assertThat(chronicle.keySet()).startsWith("workload", "runner", "n", "k", "p",
        "checkpointIntervalMs", "store");
    assertThat(chronicle).containsEntry("store", "chronicle")
        .containsEntry("n", 20_000_000L)
        .containsEntry("recordsPerSec", 2_577_573.4)
        .containsEntry("verified", true)
        .containsEntry("checkpointDurationsMs", List.of(213L, 53L, 72L, 48L, 38L, 40L, 35L, 19L));
    assertThat((List<?>) chronicle.get("recordsPerSecTimeline")).hasSize(30).first().isEqualTo(130_341L);
  }

  @Test
  void skipsBlankAndLogLines(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("session.jsonl");
    Files.writeString(f, "WARN something\n\n  {\"workload\": \"plain-java\", \"n\": 5}\n");
    assertThat(ResultLines.read(f)).containsExactly(Map.of("workload", "plain-java", "n", 5L));
  }

  @Test
  void aBrokenLineNamesTheFileAndTheLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("broken.jsonl");
    Files.writeString(f, "{\"workload\": \"plain-java\"}\n\n{\"workload\": \"keyed-count\", \"n\": }\n");
    assertThatThrownBy(() -> ResultLines.read(f)).isInstanceOf(IOException.class)
        .hasMessageStartingWith(f + ":3: ")
        .hasMessageContaining("\"keyed-count\"")
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsWhatIsNotExactlyOneObject() {
    for (String bad : List.of("{\"a\": 1", "{\"a\": [1, 2}", "{\"a\" 1}", "{\"a\": tru}", "[1]",
        "{\"a\": 1} x", "{\"a\": 1, \"a\": 2}", "null")) {
      assertThatThrownBy(() -> ResultLines.parseObject(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
