package dev.weir.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.examples.wordcount.FileWordCount;
import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.examples.wordcount.WordCount;
import dev.weir.sdk.WeirException;
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
    int code = new CommandLine(new WordCountCommand()).execute("--input", input.toString(),
        "--output", output.toString(), "--checkpoints", tmp.resolve("cp").toString(),
        "--checkpoint-interval", "20", "--crash-at", "0.5");
    assertThat(code).isZero();
    assertThat(FileWordCount.readOutput(output)).isEqualTo(expected);
    try (var files = Files.list(output)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList()).allMatch(n -> n.startsWith("part-"));
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
  void aMissingInputIsAnErrorNamingThePath() {
    Path missing = tmp.resolve("no-such-input.txt");
    WordCountCommand cmd = new WordCountCommand();
    new CommandLine(cmd).parseArgs("--input", missing.toString(), "--output", tmp.resolve("o").toString(),
        "--checkpoints", tmp.resolve("cp").toString());
    assertThatThrownBy(cmd::call).isInstanceOf(WeirException.class)
        .hasMessageContaining(missing.toAbsolutePath().toString()).hasMessageContaining("does not exist");
    assertThat(List.of(tmp.resolve("o"))).allMatch(p -> !Files.exists(p) || p.toFile().list().length == 0);
  }
}
