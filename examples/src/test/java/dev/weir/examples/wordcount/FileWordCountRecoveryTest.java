package dev.weir.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.files.FileSource;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.testing.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file word count crashed at seeded random records of its keyed count step (several per
 * run, at least 20 in all) writes exactly the lines of a failure-free run: no duplicate, no
 * missing line, and no in-progress file left behind. The crashed runs read the plain files in
 * 64 KiB byte ranges; the failure-free run reads whole files.
 */
class FileWordCountRecoveryTest {
  private static final long BASE_SEED = Long.getLong("weir.files.seed", 7001L);
  private static final int RUNS = Integer.getInteger("weir.files.runs", 5);
  private static final int CRASHES_PER_RUN = 5;
  private static final AtomicInteger CRASHES = new AtomicInteger();

  @TempDir
  static Path tmp;
  static Path input;
  static List<String> expected;

  @BeforeAll
  static void writeInputAndRunWithoutFailures() throws Exception {
    input = tmp.resolve("input");
    Corpus.write(input.resolve("a.txt"), 0, 8_000);
    Corpus.write(input.resolve("b.txt.gz"), 8_000, 8_000);
    Corpus.write(input.resolve("c.txt"), 16_000, 8_000);
    Path out = tmp.resolve("failure-free");
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(FileWordCount.pipeline(options("free", 2), FileSource.text(input), out));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    expected = outputLines(out);
    assertThat(expected).isNotEmpty();
  }

  static PipelineOptions options(String job, int parallelism) {
    return PipelineOptions.defaults().withJobName(job).withParallelism(parallelism)
        .withCheckpointInterval(Duration.ofMillis(15));
  }

  /** The sorted lines of all files; fails on an in-progress or other unexpected file. */
  static List<String> outputLines(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path f : s.toList()) {
        assertThat(f.getFileName().toString()).as("no in-progress file is left").startsWith("part-");
        lines.addAll(Files.readAllLines(f));
      }
    }
    lines.sort(null);
    return lines;
  }

  static List<Long> seeds() {
    return java.util.stream.LongStream.range(0, RUNS).map(i -> BASE_SEED + i).boxed().toList();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void crashesAtRandomWordsWriteExactlyTheFailureFreeOutput(long seed) throws IOException {
    Random random = new Random(seed);
    int parallelism = 2 + random.nextInt(2);
    Faults faults = Faults.create();
    for (int i = 0; i < CRASHES_PER_RUN; i++) {
      faults.crashAtRecord("wordcount/count", random.nextInt(parallelism), random.nextInt(15_000));
    }
    Path out = tmp.resolve("crash-" + seed);
    String context = "seed " + seed + " (rerun with -Dweir.files.seed=" + seed + " -Dweir.files.runs=1), "
        + "parallelism " + parallelism + ", " + faults;
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).faults(faults)
        .restartStrategy(RestartStrategy.fixedDelay(50, Duration.ofMillis(5))).build()
        .run(FileWordCount.pipeline(options("crash-" + seed, parallelism),
            FileSource.text(input).withSplitSize(64 << 10), out)); // plain files in byte ranges
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).as(context).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(context + ": every planned crash happened").isEqualTo(CRASHES_PER_RUN);
    assertThat(r.restarts()).as(context).isBetween(1, CRASHES_PER_RUN);
    CRASHES.addAndGet(faults.fired());
    List<String> got = outputLines(out);
    assertThat(got).as(context + ": no duplicate line").doesNotHaveDuplicates();
    assertThat(got).as(context + ": the failure-free output").isEqualTo(expected);
  }

  @AfterAll
  static void enoughCrashPoints() {
    if (RUNS >= 5) {
      assertThat(CRASHES.get()).as("crash points across the suite").isGreaterThanOrEqualTo(20);
    }
  }
}
