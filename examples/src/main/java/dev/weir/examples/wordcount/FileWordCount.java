package dev.weir.examples.wordcount;

import dev.weir.io.files.FileSink;
import dev.weir.io.files.FileSource;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.Transform;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Word count over files: lines from a {@link FileSource}, words as {@link WordCount#words}
 * splits them, the final count of each word at the end of the input ({@link FinalCountFn}),
 * written as {@code word<TAB>count} lines by an exactly-once {@link FileSink}.
 *
 * <pre>{@code
 * Pipeline p = FileWordCount.pipeline(options, FileSource.text(Path.of("books")), Path.of("counts"));
 * LocalRunner.create().run(p).waitUntilFinish();
 * Map<String, Long> counts = FileWordCount.readOutput(Path.of("counts"));
 * }</pre>
 *
 * Steps: {@code lines} (source), {@code wordcount/split}, {@code wordcount/byWord},
 * {@code wordcount/count} (keyed, stateful), {@code format}, {@code output} (sink).
 */
public final class FileWordCount implements Transform<String, KV<String, Long>> {

  /** The pipeline from {@code source} to part files in {@code output}. */
  public static Pipeline pipeline(PipelineOptions options, FileSource source, Path output) {
    Pipeline p = Pipeline.create(options);
    write(p.read("lines", source), output);
    return p;
  }

  /** Counts {@code lines} and writes the final counts as part files to {@code output}. */
  public static void write(PStream<String> lines, Path output) {
    lines.apply("wordcount", new FileWordCount())
        .map("format", kv -> kv.key() + "\t" + kv.value())
        .write("output", FileSink.text(output));
  }

  @Override
  public PStream<KV<String, Long>> expand(PStream<String> lines) {
    return lines
        .flatMap("split", WordCount::words)
        .keyBy("byWord", w -> w, Types.STRING)
        .process("count", new FinalCountFn<>());
  }

  /**
   * Reads the finished part files of {@code output} back into a map; fails if a word appears
   * twice (a duplicated output line).
   */
  public static Map<String, Long> readOutput(Path output) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    for (Path f : finishedFiles(output)) {
      for (String line : Files.readAllLines(f)) {
        int tab = line.indexOf('\t');
        Long old = counts.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
        if (old != null) {
          throw new IllegalStateException("word '" + line.substring(0, tab) + "' is twice in " + output);
        }
      }
    }
    return counts;
  }

  /** The finished part files of an output directory, sorted. */
  public static List<Path> finishedFiles(Path output) throws IOException {
    try (Stream<Path> s = Files.list(output)) {
      return s.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }
}
