package dev.weir.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.files.FileSource;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file word count's output equals an independent count of the same file:
 * {@code tr -cs 'A-Za-z' '\n' < f | tr A-Z a-z | grep -v '^$' | sort | uniq -c} (with
 * {@code LC_ALL=C}, so non-ASCII bytes separate words as in {@link WordCount#words}); where
 * {@code tr} is missing, a Java reimplementation of that pipeline.
 */
class FileWordCountTest {
  @TempDir
  Path tmp;

  @Test
  void theOutputMatchesAnIndependentCountOfTheFile() throws Exception {
    Path input = Corpus.write(tmp.resolve("corpus.txt"), 0, 30_000);
    Path output = tmp.resolve("out");
    PipelineOptions options = PipelineOptions.defaults().withJobName("wc").withParallelism(3)
        .withCheckpointInterval(Duration.ofMillis(20));
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(FileWordCount.pipeline(options, FileSource.text(input), output));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    Map<String, Long> counts = FileWordCount.readOutput(output);
    Map<String, Long> independent = independentCount(input);
    assertThat(counts).containsKeys("hello", "world", "it", "s", "caf", "au", "lait", "stra", "e", "upper", "lower", "case");
    assertThat(counts).isEqualTo(independent);
    try (var files = Files.list(output)) {
      assertThat(files.map(f -> f.getFileName().toString())).allMatch(n -> n.matches("part-\\d+-\\d+-\\d+\\.txt"));
    }
  }

  /** The shell pipeline when {@code bash} and {@code tr} exist, else its Java equivalent. */
  static Map<String, Long> independentCount(Path file) throws IOException, InterruptedException {
    if (Files.isExecutable(Path.of("/bin/bash")) && (Files.isExecutable(Path.of("/usr/bin/tr"))
        || Files.isExecutable(Path.of("/bin/tr")))) {
      ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c",
          "tr -cs 'A-Za-z' '\\n' < \"$1\" | tr A-Z a-z | grep -v '^$' | sort | uniq -c", "count",
          file.toString());
      pb.environment().put("LC_ALL", "C");
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(out).isZero();
      Map<String, Long> m = new HashMap<>();
      for (String line : out.split("\n")) {
        String[] parts = line.trim().split(" ");
        m.put(parts[1], Long.parseLong(parts[0]));
      }
      return m;
    }
    return javaTr(Files.readAllBytes(file));
  }

  /** {@code tr -cs 'A-Za-z' '\n' | tr A-Z a-z | grep -v '^$' | sort | uniq -c} over bytes. */
  static Map<String, Long> javaTr(byte[] bytes) {
    Map<String, Long> m = new HashMap<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= bytes.length; i++) {
      int b = i < bytes.length ? bytes[i] & 0xff : ' ';
      if (b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z') {
        word.append((char) (b >= 'A' && b <= 'Z' ? b + 32 : b));
      } else if (word.length() > 0) {
        m.merge(word.toString(), 1L, Long::sum);
        word.setLength(0);
      }
    }
    return m;
  }

  @Test
  void theJavaReimplementationOfTheShellPipelineAgreesWithTheTokenizer() {
    String text = String.join("\n", Corpus.TRICKY);
    Map<String, Long> byWords = new HashMap<>();
    for (String line : Corpus.TRICKY) {
      WordCount.words(line).forEach(w -> byWords.merge(w, 1L, Long::sum));
    }
    assertThat(javaTr(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(byWords);
  }
}
