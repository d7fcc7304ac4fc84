package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.examples.ChildJvm;
import dev.weir.examples.wordcount.FileWordCount;
import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.examples.wordcount.WordCount;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Ctrl-C on {@code weir wordcount} (SIGINT to a real child JVM) stops the job with a final
 * checkpoint and writes no counts of the unfinished input; {@code --resume} then writes exactly
 * the counts of a run without interruption, and the earlier run's output survives until then.
 * The interrupt comes before any periodic checkpoint, so the stop checkpoint is the run's first.
 */
class WordCountInterruptTest {

  /** Large enough that the job is still running a second after it started. */
  private static final int LINES = 2_000_000;

  @TempDir
  Path tmp;

  @Test
  void ctrlCStopsWithACheckpointAndResumeGivesTheFailureFreeCounts() throws Exception {
    Path input = tmp.resolve("in.txt");
    Map<String, Long> expected = writeInput(input);
    Path output = tmp.resolve("out");
    Files.createDirectories(output);
    Files.writeString(output.resolve("part-0-1-0.txt"), "earlier\t1\n");
    List<String> args = List.of("wordcount", "--input", input.toString(), "--output",
        output.toString(), "--checkpoints", tmp.resolve("cp").toString(),
        // Only the stop checkpoint: Ctrl-C comes before any periodic one would.
        "--checkpoint-interval", "0");

    Process child = startChild(args);
    List<String> lines = new ArrayList<>();
    boolean interrupted = false;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
        if (!interrupted && line.matches("\\s*running: [1-9].*")) {
          // Ctrl-C in a terminal sends SIGINT to the process.
          Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
          assertThat(kill.waitFor()).isZero();
          interrupted = true;
        }
      }
    }
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String log = String.join("\n", lines);
    assertThat(interrupted).as("the job was running when interrupted:\n" + log).isTrue();
    assertThat(child.exitValue()).as(log).isEqualTo(130);
    assertThat(log).contains("stopping with a final checkpoint")
        .containsPattern("stopped with checkpoint 1 after [0-9,]+ words")
        .contains("--resume")
        .doesNotContain("verified");
    assertThat(partFiles(output)).as("no counts of an unfinished input").isEmpty();
    assertThat(output.resolve(PreviousOutput.DIR).resolve("part-0-1-0.txt"))
        .as("the earlier run's output is kept").hasContent("earlier\t1");

    List<String> resume = new ArrayList<>(args.subList(1, args.size()));
    resume.add("--resume");
    int code = new CommandLine(new WordCountCommand()).execute(resume.toArray(String[]::new));
    assertThat(code).isZero();
    assertThat(FileWordCount.readOutput(output)).isEqualTo(expected);
    assertThat(output.resolve(PreviousOutput.DIR)).as("replaced by the finished run").doesNotExist();
  }

  private static Map<String, Long> writeInput(Path input) throws IOException {
    GeneratedLines g = new GeneratedLines(LINES, 12);
    Map<String, Long> expected = new HashMap<>();
    try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      for (long i = 0; i < g.lines(); i++) {
        String line = g.line(i);
        w.write(line);
        w.write('\n');
        WordCount.words(line).forEach(word -> expected.merge(word, 1L, Long::sum));
      }
    }
    return expected;
  }

  private static List<String> partFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).toList();
    }
  }

  private Process startChild(List<String> args) throws IOException {
    // A shell starts background commands with SIGINT ignored, and a JVM started so runs no
    // shutdown hook on SIGINT: give the child the default disposition, as a terminal would.
    List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT"));
    cmd.addAll(ChildJvm.command(WeirCli.class, args));
    return new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
  }
}
