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

    String log = String.join("\n", runAndInterrupt(args));
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

  @Test
  void ctrlCWithSavepointOnStopThenFromSavepointElsewhereAtAnotherParallelismCountsExactly()
      throws Exception {
    Path input = tmp.resolve("in.txt");
    Map<String, Long> expected = writeInput(input);
    Path output = tmp.resolve("out");
    Path savepoint = tmp.resolve("sp");
    List<String> args = List.of("wordcount", "--input", input.toString(), "--output",
        output.toString(), "--checkpoints", tmp.resolve("cp").toString(),
        "--checkpoint-interval", "0", "--parallelism", "2",
        "--savepoint-on-stop", savepoint.toString());

    List<String> lines = runAndInterrupt(args);
    String log = String.join("\n", lines);
    assertThat(log).contains("stopping with a savepoint to " + savepoint)
        .doesNotContain("verified");
    java.util.regex.Matcher stopped = java.util.regex.Pattern.compile("stopped with savepoint ("
        + java.util.regex.Pattern.quote(savepoint.toString()) + "/savepoint-wordcount-[0-9]+) "
        + "after [0-9,]+ words; finish with the same command and --from-savepoint (\\S+) ")
        .matcher(log);
    assertThat(stopped.find()).as(log).isTrue();
    assertThat(stopped.group(2)).isEqualTo(stopped.group(1));
    assertThat(partFiles(output)).as("no counts of an unfinished input").isEmpty();

    // A savepoint is relocatable: move it, and resume into another store at parallelism 3.
    Path moved = Files.move(Path.of(stopped.group(1)), tmp.resolve("moved-savepoint"));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream console = System.out;
    int code;
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      code = new CommandLine(new WordCountCommand()).execute("--input", input.toString(),
          "--output", output.toString(), "--checkpoints", tmp.resolve("cp-2").toString(),
          "--parallelism", "3", "--from-savepoint", moved.toString());
    } finally {
      System.setOut(console);
    }
    String resumed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(resumed).isZero();
    assertThat(resumed).contains("starting from savepoint " + moved.toAbsolutePath())
        .contains("verified against a plain count: true");
    assertThat(FileWordCount.readOutput(output)).isEqualTo(expected);
    // The counts went on from the savepoint: this run read only the lines after it.
    java.util.regex.Matcher read = java.util.regex.Pattern
        .compile("restored checkpoint [0-9]+; this run read ([0-9,]+) lines").matcher(resumed);
    assertThat(read.find()).as(resumed).isTrue();
    assertThat(Long.parseLong(read.group(1).replace(",", ""))).isPositive().isLessThan(LINES);
  }

  /** Starts the CLI in a child JVM, sends it SIGINT once it counts, and returns its lines. */
  private List<String> runAndInterrupt(List<String> args) throws Exception {
    Process child = startChild(args);
    List<String> lines = new ArrayList<>();
    boolean interrupted = false;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
        if (!interrupted && line.matches("\\s*running: [1-9].*")) {
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
    return lines;
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
