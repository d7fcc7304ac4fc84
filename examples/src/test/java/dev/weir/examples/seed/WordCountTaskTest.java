package dev.weir.examples.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.examples.wordcount.WordCount;
import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.Faults;
import dev.weir.testing.TestSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's word count, crashed and restored from Chronicle Queue checkpoints. */
class WordCountTaskTest {

  static List<String> corpus() {
    String[] words = "to be or not to be that is the question whether tis nobler in the mind".split(" ");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      lines.add(words[i % words.length] + " " + words[(i * 7) % words.length] + " " + words[(i * 13) % words.length]);
    }
    return lines;
  }

  static Pipeline pipeline(List<String> lines, CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("seed-wordcount")
        .withParallelism(2).withCheckpointInterval(Duration.ofMillis(10)));
    p.read("lines", TestSource.fromList(Types.STRING, lines))
        .flatMap("split", WordCount::words)
        .keyBy("byWord", w -> w, Types.STRING)
        .processStateful("count", WordCountTask::new)
        .write("out", out);
    return p;
  }

  @Test
  void crashedTwiceItCountsExactlyLikeAFailureFreeRun(@TempDir Path dir) throws Exception {
    List<String> lines = corpus();
    Map<String, Long> expected = new HashMap<>();
    lines.forEach(l -> WordCount.words(l).forEach(w -> expected.merge(w, 1L, Long::sum)));
    long words = expected.values().stream().mapToLong(Long::longValue).sum();

    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    Faults faults = Faults.create().crashAtRecord("count", 0, 9_000).crashAtRecord("count", 1, 4_000);
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir)) {
      PipelineResult r = LocalRunner.builder().checkpointStore(store).faults(faults)
          .restartStrategy(RestartStrategy.fixedDelay(5, Duration.ofMillis(10))).build()
          .run(pipeline(lines, out));
      assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
      assertThat(faults.fired()).isEqualTo(2);
      assertThat(r.restarts()).isBetween(1, 2);
      assertThat(store.listCheckpoints("seed-wordcount")).isNotEmpty();
    }
    assertThat(out.<String, Long>latestByKey()).isEqualTo(expected);
    assertThat(out.results()).hasSize((int) words).doesNotHaveDuplicates();
  }

  @Test
  void aNewRunAtParallelismOneMergesTheOperatorStatesOfTwo(@TempDir Path dir) throws Exception {
    List<String> lines = corpus();
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir)) {
      LocalRunner.builder().checkpointStore(store).build().run(pipeline(lines, CollectingSink.create()))
          .waitUntilFinish(Duration.ofSeconds(60));
      // The same job with one more line, at parallelism 1: it resumes from the final
      // checkpoint, reads only the new line, and counts on top of the merged maps.
      List<String> more = new ArrayList<>(lines);
      more.add("to be");
      CollectingSink<KV<String, Long>> second = CollectingSink.create();
      Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("seed-wordcount").withParallelism(1));
      p.read("lines", TestSource.fromList(Types.STRING, more))
          .flatMap("split", WordCount::words)
          .keyBy("byWord", w -> w, Types.STRING)
          .processStateful("count", WordCountTask::new)
          .write("out", second);
      PipelineResult r = LocalRunner.builder().checkpointStore(store).build().run(p);
      assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
      assertThat(second.results()).containsExactlyInAnyOrder(
          KV.of("to", expected("to", lines) + 1), KV.of("be", expected("be", lines) + 1));
      assertThat(store.listCheckpoints("seed-wordcount")).last()
          .satisfies(m -> assertThat(m.step("count").orElseThrow().operatorState()).hasSize(1));
    }
  }

  private static long expected(String word, List<String> lines) {
    return lines.stream().flatMap(l -> WordCount.words(l).stream()).filter(word::equals).count();
  }
}
