package dev.weir.examples.cli;

import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.examples.wordcount.LatestCountSink;
import dev.weir.examples.wordcount.WordCount;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Counts words of a generated corpus on the local runner and checks the result. */
@Command(name = "wordcount", mixinStandardHelpOptions = true,
    description = "Count the words of a generated corpus on the local runner and verify the "
        + "counts against a plain single-threaded count.")
public final class WordCountCommand implements Callable<Integer> {

  @Option(names = "--lines", description = "Lines of generated text (default ${DEFAULT-VALUE}, about 16 MB).")
  long lines = 250_000;

  @Option(names = "--parallelism", description = "Subtasks of the keyed count (default ${DEFAULT-VALUE}).")
  int parallelism = 2;

  @Option(names = "--explain", description = "Print the physical plan before running.")
  boolean explain;

  @Override
  public Integer call() throws Exception {
    GeneratedLines corpus = new GeneratedLines(lines, 12);
    LatestCountSink sink = new LatestCountSink();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("wordcount")
        .withParallelism(parallelism));
    p.read("lines", corpus).withParallelism(1)
        .apply("wordcount", new WordCount())
        .write("counts", sink);
    if (explain) {
      System.out.print(p.explain());
    }
    long start = System.nanoTime();
    PipelineResult result = LocalRunner.create().run(p);
    long lastWords = 0;
    long lastTime = start;
    while (result.waitUntilFinish(Duration.ofSeconds(1)) == PipelineResult.State.RUNNING) {
      long now = System.nanoTime();
      long words = result.metrics().step("wordcount/split").recordsOut();
      System.out.printf("  running: %,d words, %,.0f words/s%n", words,
          (words - lastWords) * 1e9 / (now - lastTime));
      lastWords = words;
      lastTime = now;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Long> counts = sink.counts();
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("wordcount: %,d lines, %,d words, %,d distinct, %.2f s (%,.0f words/s), parallelism %d%n",
        lines, total, counts.size(), seconds, total / seconds, parallelism);
    counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(5)
        .forEach(e -> System.out.printf("  %-12s %,d%n", e.getKey(), e.getValue()));
    Map<String, Long> expected = new HashMap<>();
    for (long i = 0; i < lines; i++) {
      for (String w : WordCount.words(corpus.line(i))) {
        expected.merge(w, 1L, Long::sum);
      }
    }
    boolean verified = expected.equals(counts);
    System.out.println("verified against a plain count: " + verified);
    return verified ? 0 : 2;
  }
}
