package dev.weir.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.io.files.FileSource;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.testing.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that dies for good (no restart) leaves in-progress part files and a Chronicle store; a
 * second run — new writers, attempt numbers from 0 again, as after a process restart — resumes
 * from the latest checkpoint and finishes with exactly the counts of a plain count and only
 * finished files.
 */
class FileWordCountResumeTest {
  @TempDir
  Path tmp;

  @Test
  void aSecondRunResumesFromTheStoreAndFinishesExactly() throws Exception {
    Path input = tmp.resolve("input");
    Corpus.write(input.resolve("a.txt"), 0, 12_000);
    Corpus.write(input.resolve("b.txt.gz"), 12_000, 12_000);
    Path output = tmp.resolve("out");
    PipelineOptions options = PipelineOptions.defaults().withJobName("resume").withParallelism(2)
        .withCheckpointInterval(Duration.ofMillis(10));
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(tmp.resolve("cp"))) {
      Faults faults = Faults.create().crashAtRecord("wordcount/count", 0, 100_000);
      PipelineResult first = LocalRunner.builder().checkpointStore(store).faults(faults)
          .restartStrategy(RestartStrategy.none()).build()
          .run(FileWordCount.pipeline(options, FileSource.text(input), output));
      try {
        first.waitUntilFinish(Duration.ofSeconds(60));
      } catch (RuntimeException expected) {
        // failed as planned
      }
      assertThat(first.state()).isEqualTo(PipelineResult.State.FAILED);
      assertThat(faults.fired()).isEqualTo(1);
      assertThat(store.listCheckpoints("resume")).as("checkpoints before the crash").isNotEmpty();

      PipelineResult second = LocalRunner.builder().checkpointStore(store).startFresh(false).build()
          .run(FileWordCount.pipeline(options, FileSource.text(input), output));
      assertThat(second.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    }
    assertThat(FileWordCount.readOutput(output)).isEqualTo(PlainWordCount.of(FileSource.text(input)));
    try (Stream<Path> s = Files.list(output)) {
      assertThat(s.map(f -> f.getFileName().toString()).toList()).allMatch(n -> n.startsWith("part-"));
    }
  }
}
