package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.examples.wordcount.FileWordCount;
import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.examples.wordcount.WordCount;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code weir wordcount --input … --output …} end to end, with a crash, and on bad input. */
class WordCountCommandTest {
  @TempDir
  Path tmp;

  @Test
  void countsAFileIntoPartFilesThroughACrashAndVerifies() throws Exception {
    GeneratedLines g = new GeneratedLines(5_000, 12);
    Map<String, Long> expected = new HashMap<>();
    StringBuilder text = new StringBuilder();
    for (long i = 0; i < g.lines(); i++) {
      text.append(g.line(i)).append('\n');
      WordCount.words(g.line(i)).forEach(w -> expected.merge(w, 1L, Long::sum));
    }
    Path input = Files.writeString(tmp.resolve("in.txt"), text);
    Path output = tmp.resolve("out");
    Files.createDirectories(output);
    Files.writeString(output.resolve("part-0-1-0.txt"), "stale\t1\n"); // from an earlier run
    java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
    java.io.PrintStream systemOut = System.out;
    System.setOut(new java.io.PrintStream(stdout, true, java.nio.charset.StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new WordCountCommand()).execute("--input", input.toString(),
          "--output", output.toString(), "--checkpoints", tmp.resolve("cp").toString(),
          "--checkpoint-interval", "20", "--crash-at", "0.5");
    } finally {
      System.setOut(systemOut);
    }
    String printed = stdout.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(printed).contains("wordcount: counting the input once more with a plain "
            + "single-threaded count", " completed, 1 restart (after the injected crash)",
        "verified against a plain count: true").doesNotContain("words/s, -", "1 restarts");
    assertThat(FileWordCount.readOutput(output)).isEqualTo(expected);
    try (var files = Files.list(output)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList()).allMatch(n -> n.startsWith("part-") || n.equals(PreviousOutput.COMPLETE));
    }
  }

  @Test
  void resumeAfterARunThatFinishedCountsFromTheStartInsteadOfWritingNothing() throws Exception {
    // Like: a run finished, the next fresh run was killed (kill -9) before its first
    // checkpoint, then --resume: the newest checkpoint is the finished run's final one.
    Path input = Files.writeString(tmp.resolve("in.txt"), "to be or not to be\nthat is\n");
    Path output = tmp.resolve("out");
    String[] args = {"--input", input.toString(), "--output", output.toString(),
        "--checkpoints", tmp.resolve("cp").toString()};
    assertThat(new CommandLine(new WordCountCommand()).execute(args)).isZero();
    List<String> resume = new java.util.ArrayList<>(List.of(args));
    resume.add("--resume");
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    int code;
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      code = new CommandLine(new WordCountCommand()).execute(resume.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    assertThat(code).isZero();
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("nothing to resume").contains("counting from the start");
    assertThat(FileWordCount.readOutput(output)).isEqualTo(Map.of("to", 2L, "be", 2L, "or", 1L,
        "not", 1L, "that", 1L, "is", 1L));
  }

  @Test
  void skipsBinaryFilesOfAnInputDirectoryAndStillVerifies() throws Exception {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a.txt"), "the cat\nthe dog\n");
    Files.write(in.resolve("photo.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 0, 0, 'x', ' ', 'y'});
    Path output = tmp.resolve("out");
    Run run = wordcount("--input", in.toString(), "--output", output.toString(),
        "--checkpoints", tmp.resolve("cp").toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(FileWordCount.readOutput(output)).isEqualTo(Map.of("the", 2L, "cat", 1L, "dog", 1L));
  }

  /** What one CLI invocation printed on stderr and returned. */
  record Run(int code, String err) {
  }

  private static Run wordcount(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = WeirCli.commandLine(new WeirCli());
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "wordcount";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Run(cli.execute(all), err.toString());
  }

  /** Runs with the given bad arguments; expects one usage line naming {@code flag}, and no work done. */
  private void assertUsageError(String flag, String expected, String... args) {
    Path output = tmp.resolve("out");
    Path checkpoints = tmp.resolve("cp");
    List<String> all = new java.util.ArrayList<>(List.of(args));
    if (!all.contains("--output")) {
      all.addAll(List.of("--output", output.toString()));
    }
    all.addAll(List.of("--checkpoints", checkpoints.toString()));
    Run run = wordcount(all.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("weir wordcount: " + flag).contains(expected)
        .endsWith("(see 'weir wordcount --help')" + System.lineSeparator());
    assertThat(run.err().lines()).as("one line, no stack trace").hasSize(1);
    assertThat(checkpoints).as("no store opened").doesNotExist();
    assertThat(output).as("no output touched").doesNotExist();
  }

  @Test
  void badArgumentsFailAtOnceWithOneLineNamingTheFlag() throws Exception {
    Path input = Files.writeString(tmp.resolve("in.txt"), "a b c\n");
    String in = input.toString();
    assertUsageError("--parallelism", "must be at least 1, was 0", "--input", in, "--parallelism", "0");
    assertUsageError("--parallelism", "was -3", "--input", in, "--parallelism", "-3");
    assertUsageError("--crash-at", "between 0 and 1, exclusive (e.g. 0.5), was 2.0", "--input", in, "--crash-at", "2");
    assertUsageError("--crash-at", "was 0.0", "--input", in, "--crash-at", "0");
    assertUsageError("--checkpoint-interval", "was -1", "--input", in, "--checkpoint-interval", "-1");
    assertUsageError("--lines", "must be at least 1, was 0", "--lines", "0");
    assertThat(Path.of("weir-data", "corpus", "generated-0.txt")).as("no corpus generated").doesNotExist();
    assertUsageError("--output", "'" + in + "' is an existing file; give a directory", "--input", in, "--output", in);
    assertUsageError("--bounded", "applies to a kafka:// input only", "--input", in, "--bounded");
    assertUsageError("--input", "names no topic", "--input", "kafka://localhost:9092");
    assertUsageError("Invalid value for option '--parallelism'", "'two' is not an int",
        "--input", in, "--parallelism", "two");
    Path savepoint = Files.createDirectories(tmp.resolve("sp"));
    assertUsageError("--from-savepoint and --resume exclude each other", "a run starts from a "
        + "savepoint or from the latest checkpoint", "--input", in, "--resume",
        "--from-savepoint", savepoint.toString());
    assertUsageError("--from-savepoint", "'" + tmp.resolve("no-sp") + "' is not a directory",
        "--input", in, "--from-savepoint", tmp.resolve("no-sp").toString());
    assertUsageError("--allow-non-restored-state", "applies with --from-savepoint only",
        "--input", in, "--allow-non-restored-state");
    assertUsageError("--savepoint-on-stop", "'" + in + "' is an existing file; give a "
        + "directory", "--input", in, "--savepoint-on-stop", in);
  }

  @Test
  void aMissingInputOrAnEmptyGlobIsAUsageErrorNamingThePath() throws Exception {
    Path missing = tmp.resolve("no-such-input.txt");
    assertUsageError("--input", missing.toAbsolutePath() + ") does not exist", "--input", missing.toString());
    assertUsageError("--input", "does not exist", "--input", tmp.resolve("no-dir") + "/*.txt");
    Files.createDirectories(tmp.resolve("empty"));
    Files.write(tmp.resolve("empty").resolve("image.bin"), new byte[16]);
    assertUsageError("--input", "'" + tmp.resolve("empty") + "' holds no text files to count (hidden and binary files are skipped)",
        "--input", tmp.resolve("empty").toString());
    assertUsageError("--input", "holds no text files", "--input", tmp.resolve("empty") + "/*.txt");
  }

  @Test
  void aRateIsNeverNegativeAndARestartSaysSo() {
    assertThat(WordCountRun.rate(1_000, 500_000_000L, false)).isEqualTo("2,000 words/s");
    assertThat(WordCountRun.rate(-531_248, 1_000_000_000L, false)).isEqualTo("restarted");
    assertThat(WordCountRun.rate(10, 1_000_000_000L, true)).isEqualTo("restarted");
  }

  @Test
  void countsAreSingularForOne() {
    assertThat(Plural.count(1, "restart")).isEqualTo("1 restart");
    assertThat(Plural.count(0, "restart")).isEqualTo("0 restarts");
    assertThat(Plural.count(1234, "checkpoint")).isEqualTo("1,234 checkpoints");
  }
}
