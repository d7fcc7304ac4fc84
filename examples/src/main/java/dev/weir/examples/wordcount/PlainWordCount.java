package dev.weir.examples.wordcount;

import dev.weir.io.files.FileSource;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain, single-threaded word count of what a {@link FileSource} reads, with the same
 * tokenization as {@link WordCount#words}: the reference the CLI checks the job against.
 */
public final class PlainWordCount {
  private PlainWordCount() {
  }

  /** Counts the words of every line {@code source} reads with one subtask. */
  public static Map<String, Long> of(FileSource source) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    SourceContext one = new SourceContext() {
      @Override public String stepName() { return "plain-count"; }
      @Override public int subtaskIndex() { return 0; }
      @Override public int parallelism() { return 1; }
    };
    SourceOutput<String> out = new SourceOutput<>() {
      @Override public void emit(String line) {
        for (String w : WordCount.words(line)) {
          counts.merge(w, 1L, Long::sum);
        }
      }

      @Override public void emit(String line, long timestamp) {
        emit(line);
      }
    };
    try (SourceReader<String, ?> reader = source.createReader(one)) {
      reader.open(List.of());
      while (reader.read(out) != ReadStatus.END_OF_INPUT) {
        // read on
      }
    }
    return counts;
  }
}
