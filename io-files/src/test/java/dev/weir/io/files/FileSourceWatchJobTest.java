package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.testing.CollectingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watching {@link FileSource} in a running, unbounded job: files published into the directory
 * (written under a hidden name, then renamed atomically) while the job runs are read, their bad
 * lines become dead letters, and the job runs until it is cancelled.
 */
class FileSourceWatchJobTest {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  /** Writes {@code .name} and renames it to {@code name}, as users should; {@code null} = a bad line. */
  void publish(String name, List<String> lines) throws Exception {
    Path hidden = dir.resolve("." + name);
    Files.write(hidden, DeadLetterReaderTest.textWithBadLines(lines));
    Files.move(hidden, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  static List<String> lines(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + "-" + i);
    }
    return out;
  }

  @Test
  void aRunningJobReadsEveryLineOfFilesThatAppearUntilItIsCancelled() throws Exception {
    List<String> expected = new ArrayList<>(lines("first", 300));
    publish("first.txt", lines("first", 300));

    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("watch").withParallelism(2)
        .withCheckpointInterval(Duration.ofMillis(20)));
    CollectingSink<String> out = CollectingSink.create();
    CollectingSink<DeadLetter> letters = CollectingSink.create();
    PStream<String> lines = p.read("lines", FileSource.text(dir).watch(Duration.ofMillis(5)).withDeadLetters());
    lines.write("out", out);
    lines.sideOutput(DeadLetter.TAG).write("bad", letters);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build().run(p);
    try {
      assertThat(out.awaitSize(expected.size(), TIMEOUT)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(r.state()).isEqualTo(PipelineResult.State.RUNNING);

      // Files that appear while the job runs, one after the other and several at once.
      publish("second.txt", lines("second", 500));
      expected.addAll(lines("second", 500));
      assertThat(out.awaitSize(expected.size(), TIMEOUT)).containsExactlyInAnyOrderElementsOf(expected);
      for (int f = 0; f < 5; f++) {
        publish("batch-" + f + ".txt", lines("batch" + f, 100));
        expected.addAll(lines("batch" + f, 100));
      }
      publish("mixed.txt", Arrays.asList("m0", null, "m2"));
      expected.addAll(List.of("m0", "m2"));
      assertThat(out.awaitSize(expected.size(), TIMEOUT)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(letters.awaitSize(1, TIMEOUT)).singleElement().satisfies(d ->
          assertThat(d.origin()).isEqualTo(dir.resolve("mixed.txt").toAbsolutePath() + " line 2 (byte 3)"));
      assertThat(r.state()).isEqualTo(PipelineResult.State.RUNNING);
    } finally {
      r.cancel();
    }
    assertThat(r.waitUntilFinish(TIMEOUT)).isEqualTo(PipelineResult.State.CANCELLED);
    assertThat(out.results()).as("nothing read twice").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
