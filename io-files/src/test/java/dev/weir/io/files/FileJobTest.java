package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File source to file sink on the local runner: every input line is in exactly one finished
 * output file, also when the job crashes at random points and restores from checkpoints.
 */
class FileJobTest {
  static final int FILES = 5;
  static final int LINES_PER_FILE = 6_000;

  @TempDir
  Path tmp;

  List<String> writeInput(Path in) throws IOException {
    List<String> all = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      List<String> lines = FileSourceTest.lines("file" + f, LINES_PER_FILE);
      String name = f % 2 == 0 ? "in-" + f + ".txt" : "in-" + f + ".txt.gz";
      FileSourceTest.write(in.resolve(name), lines);
      all.addAll(lines);
    }
    return all;
  }

  static Pipeline copy(Path in, Path out, String job, boolean checkpoints) {
    PipelineOptions o = PipelineOptions.defaults().withJobName(job).withParallelism(3);
    if (checkpoints) {
      o = o.withCheckpointInterval(Duration.ofMillis(15));
    }
    Pipeline p = Pipeline.create(o);
    p.read("lines", FileSource.text(in)).withParallelism(2)
        .write("out", FileSink.text(out).withRollSize(16 << 10));
    return p;
  }

  static List<String> outputLines(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path f : s.sorted().toList()) {
        assertThat(f.getFileName().toString()).as("only finished files are left").startsWith("part-");
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }

  @ParameterizedTest(name = "checkpointing {0}")
  @ValueSource(booleans = {true, false})
  void copiesEveryLineOnce(boolean checkpoints) throws IOException {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    List<String> expected = writeInput(in);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(copy(in, out, "copy", checkpoints));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    assertThat(outputLines(out)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void crashesAtRandomRecordsLoseAndDuplicateNoLine(long seed) throws IOException {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    List<String> expected = writeInput(in);
    Random random = new Random(seed);
    Faults faults = Faults.create();
    for (int i = 0; i < 4; i++) {
      if (random.nextBoolean()) {
        faults.crashAtRecord("lines", random.nextInt(2), random.nextInt(2_000));
      } else {
        faults.crashAtRecord("out", random.nextInt(3), random.nextInt(2_000));
      }
    }
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).faults(faults)
        .restartStrategy(RestartStrategy.fixedDelay(20, Duration.ofMillis(5))).build()
        .run(copy(in, out, "crash-" + seed, true));
    String context = "seed " + seed + ", " + faults;
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).as(context).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(context).isEqualTo(4);
    assertThat(r.restarts()).as(context).isPositive();
    List<String> got = outputLines(out);
    assertThat(got).as(context + ": no duplicate").doesNotHaveDuplicates();
    assertThat(got).as(context + ": no missing line").containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aMissingInputFailsTheJobWithAMessageNamingThePath() {
    Path missing = tmp.resolve("missing-input");
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .restartStrategy(RestartStrategy.none()).build()
        .run(copy(missing, tmp.resolve("out"), "missing", true));
    assertThatThrownBy(() -> r.waitUntilFinish(Duration.ofSeconds(60)))
        .hasStackTraceContaining(missing.toAbsolutePath().toString())
        .hasStackTraceContaining("does not exist");
  }

  @Test
  void aCorruptGzipFileFailsTheJobWithAMessageNamingTheFile() throws IOException {
    Path in = tmp.resolve("in");
    writeInput(in);
    Path bad = in.resolve("in-1.txt.gz");
    byte[] bytes = Files.readAllBytes(bad);
    Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .restartStrategy(RestartStrategy.none()).build()
        .run(copy(in, tmp.resolve("out"), "corrupt", true));
    assertThatThrownBy(() -> r.waitUntilFinish(Duration.ofSeconds(60)))
        .hasStackTraceContaining(bad.toAbsolutePath().toString())
        .hasStackTraceContaining("not a valid gzip file");
  }

  @Test
  void crashesAtSinkBarriersAndAroundCheckpointWritesLoseAndDuplicateNoLine() throws IOException {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    List<String> expected = writeInput(in);
    // At a barrier: the sink crashes in prepareCommit's checkpoint. After the asynchronous write:
    // the files of that checkpoint were prepared, but the checkpoint never completes, so the
    // restored job must delete them and write their lines again.
    Faults faults = Faults.create().crashAtBarrier("out", 0, 1).crashDuringAsyncWrite("out", 1, 2)
        .crashAfterAsyncWrite("out", 2, 3);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).faults(faults)
        .restartStrategy(RestartStrategy.fixedDelay(20, Duration.ofMillis(5))).build()
        .run(copy(in, out, "barriers", true));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).as(faults.toString()).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(faults.toString()).isGreaterThanOrEqualTo(1);
    List<String> got = outputLines(out);
    assertThat(got).as(faults + ": no duplicate").doesNotHaveDuplicates();
    assertThat(got).as(faults + ": no missing line").containsExactlyInAnyOrderElementsOf(expected);
  }
}
