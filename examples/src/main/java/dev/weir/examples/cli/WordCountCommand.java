package dev.weir.examples.cli;

import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.examples.wordcount.LatestCountSink;
import dev.weir.examples.wordcount.WordCount;
import dev.weir.io.files.ChronicleQueueCheckpointStore;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.testing.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    description = "Count the words of a generated corpus on the local runner, with checkpoints "
        + "in a Chronicle Queue store, and verify the counts against a plain single-threaded count.")
public final class WordCountCommand implements Callable<Integer> {

  @Option(names = "--lines", description = "Lines of generated text (default ${DEFAULT-VALUE}, about 16 MB).")
  long lines = 250_000;

  @Option(names = "--parallelism", description = "Subtasks of the keyed count (default ${DEFAULT-VALUE}).")
  int parallelism = 2;

  @Option(names = "--explain", description = "Print the physical plan before running.")
  boolean explain;

  @Option(names = "--checkpoints", description = "Chronicle Queue checkpoint directory (default ${DEFAULT-VALUE}).")
  Path checkpoints = Path.of("weir-data", "checkpoints");

  @Option(names = "--checkpoint-interval", description = "Checkpoint interval in ms; 0 = only the final checkpoint (default ${DEFAULT-VALUE}).")
  long checkpointIntervalMs = 1000;

  @Option(names = "--resume", description = "Resume from the latest checkpoint of an earlier run instead of starting fresh.")
  boolean resume;

  @Option(names = "--crash-at", description = "Crash the count step once at this fraction of the input (e.g. 0.5), then watch it restore from the latest checkpoint and still count exactly.")
  Double crashAt;

  @Override
  public Integer call() throws Exception {
    GeneratedLines corpus = new GeneratedLines(lines, 12);
    LatestCountSink sink = new LatestCountSink();
    PipelineOptions options = PipelineOptions.defaults().withJobName("wordcount")
        .withParallelism(parallelism);
    if (checkpointIntervalMs > 0) {
      options = options.withCheckpointInterval(Duration.ofMillis(checkpointIntervalMs));
    }
    Pipeline p = Pipeline.create(options);
    p.read("lines", corpus).withParallelism(1)
        .apply("wordcount", new WordCount())
        .write("counts", sink);
    if (explain) {
      System.out.print(p.explain());
    }
    Files.createDirectories(checkpoints);
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(checkpoints)) {
      return run(p, corpus, sink, store);
    }
  }

  private int run(Pipeline p, GeneratedLines corpus, LatestCountSink sink,
      ChronicleQueueCheckpointStore store) throws Exception {
    LocalRunner.Builder runner = LocalRunner.builder().checkpointStore(store).startFresh(!resume);
    Faults faults = Faults.create();
    if (crashAt != null) {
      long words = lines * 12;
      long at = (long) (words * crashAt / parallelism);
      faults.crashAtRecord("wordcount/count", 0, at);
      runner.faults(faults);
      System.out.printf("  will crash subtask 0 of step 'wordcount/count' at its word %,d%n", at);
    }
    long start = System.nanoTime();
    PipelineResult result = runner.build().run(p);
    long lastWords = 0;
    long lastTime = start;
    while (result.waitUntilFinish(Duration.ofSeconds(1)) == PipelineResult.State.RUNNING) {
      long now = System.nanoTime();
      long words = result.metrics().step("wordcount/split").recordsOut();
      System.out.printf("  running: %,d words, %,.0f words/s, %d checkpoints, %d restarts%n", words,
          (words - lastWords) * 1e9 / (now - lastTime), result.checkpoints().size(), result.restarts());
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
    List<CheckpointMetrics> cps = result.checkpoints();
    System.out.printf("checkpoints: %d completed, %d restarts%s, stored in %s (inspect: ./weir checkpoints list %s)%n",
        cps.size(), result.restarts(), faults.fired() > 0 ? " (after the injected crash)" : "",
        checkpoints.toAbsolutePath(), checkpoints);
    if (!cps.isEmpty()) {
      CheckpointMetrics last = cps.get(cps.size() - 1);
      System.out.printf("  last: checkpoint %d, %d ms, %,d bytes%n", last.checkpointId(), last.durationMs(), last.bytes());
    }
    boolean verified = expected.equals(counts);
    System.out.println("verified against a plain count: " + verified);
    return verified ? 0 : 2;
  }
}
