package dev.weir.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's exactly-once check cannot pass on a wrong total, and its JSON lines (now with
 * arrays) are read correctly by the report's reader ({@code dev.weir.bench.ResultLines} of the
 * bench module, compiled here from its source against the Jackson this module has through Avro:
 * the bench module builds after this one and this module does not depend on it).
 */
class BenchResultTest {

  @TempDir
  static Path temp;

  private static Method parseObject;

  @BeforeAll
  static void compileTheParser() throws Exception {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path source = base.resolveSibling("bench").resolve("src/main/java/dev/weir/bench/ResultLines.java");
    assertThat(source).as("the bench module's reader source").exists();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK with javac").isNotNull();
    Path classes = Files.createDirectories(temp.resolve("classes"));
    String jackson = Stream.of(ObjectMapper.class, JsonParser.class, JsonIgnore.class)
        .map(BenchResultTest::jarOf).collect(Collectors.joining(File.pathSeparator));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = javac.run(null, null, err, "--release", "17", "-cp", jackson, "-d", classes.toString(),
        source.toString());
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    @SuppressWarnings("resource") // kept open for the test class's life
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        BenchResultTest.class.getClassLoader());
    parseObject = loader.loadClass("dev.weir.bench.ResultLines").getMethod("parseObject", String.class);
  }

  private static String jarOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("no file for the code source of " + c, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String line) throws Exception {
    try {
      return (Map<String, Object>) parseObject.invoke(null, line);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void aWrongTotalIsNotVerified() throws Exception {
    long n = 20_000_000;
    assertThat(BenchResult.verified(n, n)).isTrue();
    assertThat(BenchResult.verified(n, n - 1)).isFalse();
    assertThat(BenchResult.verified(n, n + 1)).isFalse();
    assertThat(BenchResult.verified(n, 0)).isFalse();

    String line = new BenchResult().put("workload", "keyed-count").put("n", n)
        .put("verified", BenchResult.verified(n, n - 1)).toJson();
    assertThat(line).contains("\"verified\": false").doesNotContain("\"verified\": true");
    assertThat(parse(line)).containsEntry("verified", false).containsEntry("n", n);
  }

  @Test
  void arraysAreJsonArraysAndParse() throws Exception {
    String line = new BenchResult().put("workload", "keyed-count").put("recordsPerSec", 4_123_456.78)
        .put("checkpointDurationsMs", new long[] {12, 7, 30})
        .put("ints", new int[] {})
        .put("list", List.of(1L, "two \"2\"", true))
        .put("note", "back\\slash").put("none", null).toJson();
    assertThat(line).contains("\"checkpointDurationsMs\": [12, 7, 30]").contains("\"ints\": []");
    Map<String, Object> m = parse(line);
    assertThat(m.keySet()).containsExactly("workload", "recordsPerSec", "checkpointDurationsMs",
        "ints", "list", "note", "none");
    assertThat(m).containsEntry("workload", "keyed-count")
        .containsEntry("recordsPerSec", 4_123_456.8)
        .containsEntry("checkpointDurationsMs", List.of(12L, 7L, 30L))
        .containsEntry("ints", List.of())
        .containsEntry("list", List.of(1L, "two \"2\"", true))
        .containsEntry("note", "back\\slash")
        .containsEntry("none", null);
  }

  @Test
  void aRealRunPrintsItsCheckpointDurationsInOrder() throws Exception {
    KeyedCountBench.Params params = new KeyedCountBench.Params(300_000, 1_000, 2, 20, "memory",
        temp.resolve("data"));
    BenchResult r = KeyedCountBench.keyedCount(params);
    Map<String, Object> m = parse(r.toJson());
    assertThat(m).containsEntry("verified", true).containsEntry("n", 300_000L);
    assertThat(m.get("checkpointDurationsMs")).isInstanceOf(List.class);
    List<?> durations = (List<?>) m.get("checkpointDurationsMs");
    assertThat(durations).hasSize(((Number) m.get("checkpoints")).intValue())
        .allSatisfy(d -> assertThat(d).isInstanceOf(Long.class));
    if (!durations.isEmpty()) {
      long max = durations.stream().mapToLong(d -> (Long) d).max().orElseThrow();
      assertThat(m.get("checkpointMsMax")).isEqualTo(max);
    }
  }

  @Test
  void theTimelineCountsEachIntervalsRecordsOnce() throws Exception {
    // 3M records take longer than one 250 ms interval even on a fast machine.
    long n = 3_000_000;
    KeyedCountBench.Params params = new KeyedCountBench.Params(n, 1_000, 2, 0, "memory",
        temp.resolve("data"));
    Map<String, Object> m = parse(KeyedCountBench.keyedCount(params).toJson());
    assertThat(m).containsEntry("verified", true).containsEntry("timelineIntervalMs", 250L);
    List<?> rates = (List<?>) m.get("recordsPerSecTimeline");
    assertThat(rates).isNotEmpty().allSatisfy(v -> assertThat((Long) v).isNotNegative());
    long sampled = rates.stream().mapToLong(v -> (Long) v * 250 / 1000).sum();
    // Each interval counted once: about the records of the run (rates are per measured time,
    // so a sum over nominal 250 ms intervals may be off by the intervals' jitter), never twice
    // as many.
    assertThat(sampled).isPositive().isLessThan(n * 3 / 2);
    long wallMs = (Long) m.get("wallMs");
    assertThat(rates.size()).isLessThanOrEqualTo((int) (wallMs / 250) + 1);
  }

  @Test
  void theSteadyRateIsTheMedianOfTheSecondHalf() {
    assertThat(ThroughputSampler.steady(new long[] {1, 2, 3})).isEqualTo(-1);
    assertThat(ThroughputSampler.steady(new long[] {1, 1, 1, 1, 9, 5, 7, 6})).isEqualTo(7);
    assertThat(ThroughputSampler.steady(new long[] {0, 0, 100, 50, 70})).isEqualTo(70);
  }

  @Test
  void theParserRejectsBrokenLines() {
    for (String bad : List.of("{\"a\": 1", "{\"a\": [1, 2}", "{\"a\" 1}", "{\"a\": tru}", "[1]",
        "{\"a\": 1} x", "{\"a\": 1, \"a\": 2}")) {
      try {
        parse(bad);
        throw new AssertionError("parsed " + bad);
      } catch (Exception e) {
        assertThat(e).as(bad).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }
}
