package dev.weir.examples.cli;

import dev.weir.examples.wordcount.FileWordCount;
import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.examples.wordcount.PlainWordCount;
import dev.weir.io.files.ChronicleQueueCheckpointStore;
import dev.weir.io.files.FileSource;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.testing.Faults;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Counts the words of text files (or of a generated corpus written to a file first) on the
 * local runner, writes the final count of each word with an exactly-once file sink, and checks
 * the result against a plain single-threaded count.
 */
@Command(name = "wordcount", mixinStandardHelpOptions = true,
    description = "Count the words of text files on the local runner, with checkpoints in a "
        + "Chronicle Queue store; write 'word<TAB>count' lines (the final count of each word) to "
        + "part files, and verify them against a plain single-threaded count.")
public final class WordCountCommand implements Callable<Integer> {

  @Option(names = "--input", description = "A text file, a directory of them, or a glob; .gz files are "
      + "decompressed. Default: a generated corpus of --lines lines written to weir-data/corpus/.")
  String input;

  @Option(names = "--output", description = "Directory of the result part files; old part files there are "
      + "deleted unless --resume (default ${DEFAULT-VALUE}).")
  Path output = Path.of("weir-data", "wordcount-output");

  @Option(names = "--lines", description = "Lines of the generated corpus when there is no --input (default ${DEFAULT-VALUE}, about 16 MB).")
  long lines = 250_000;

  @Option(names = "--parallelism", description = "Subtasks of each step (default ${DEFAULT-VALUE}).")
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
    String in = input != null ? input : generateCorpus().toString();
    PipelineOptions options = PipelineOptions.defaults().withJobName("wordcount")
        .withParallelism(parallelism);
    if (checkpointIntervalMs > 0) {
      options = options.withCheckpointInterval(Duration.ofMillis(checkpointIntervalMs));
    }
    if (!resume) {
      clearOldOutput();
    }
    // 8 MiB splits: the subtasks share a large file. Constant, so --resume finds its splits.
    Pipeline p = FileWordCount.pipeline(options, FileSource.text(in).withSplitSize(8L << 20), output);
    if (explain) {
      System.out.print(p.explain());
    }
    System.out.println("wordcount: counting " + in + " into " + output);
    Files.createDirectories(checkpoints);
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(checkpoints)) {
      return run(p, in, store);
    }
  }

  /** Writes the generated corpus of {@code --lines} lines to a file (again only if missing). */
  private Path generateCorpus() throws IOException {
    Path file = Path.of("weir-data", "corpus", "generated-" + lines + ".txt");
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(file.getParent());
    GeneratedLines corpus = new GeneratedLines(lines, 12);
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (long i = 0; i < lines; i++) {
        w.write(corpus.line(i));
        w.write('\n');
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.printf("wordcount: wrote a generated corpus of %,d lines (%,d bytes) to %s%n",
        lines, Files.size(file), file);
    return file;
  }

  private void clearOldOutput() throws IOException {
    if (!Files.isDirectory(output)) {
      return;
    }
    int n = 0;
    try (Stream<Path> s = Files.list(output)) {
      for (Path f : s.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("part-") || name.startsWith(".part-") && name.endsWith(".inprogress")) {
          Files.delete(f);
          n++;
        }
      }
    }
    if (n > 0) {
      System.out.printf("wordcount: deleted %d part files of an earlier run from %s%n", n, output);
    }
  }

  private int run(Pipeline p, String in, ChronicleQueueCheckpointStore store) throws Exception {
    LocalRunner.Builder runner = LocalRunner.builder().checkpointStore(store).startFresh(!resume);
    Faults faults = Faults.create();
    Map<String, Long> expected = PlainWordCount.of(FileSource.text(in));
    long words = expected.values().stream().mapToLong(Long::longValue).sum();
    if (crashAt != null) {
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
      long done = result.metrics().step("wordcount/split").recordsOut();
      System.out.printf("  running: %,d words, %,.0f words/s, %d checkpoints, %d restarts%n", done,
          (done - lastWords) * 1e9 / (now - lastTime), result.checkpoints().size(), result.restarts());
      lastWords = done;
      lastTime = now;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Long> counts = FileWordCount.readOutput(output);
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("wordcount: %,d words, %,d distinct, %.2f s (%,.0f words/s), parallelism %d%n",
        total, counts.size(), seconds, total / seconds, parallelism);
    counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(5)
        .forEach(e -> System.out.printf("  %-12s %,d%n", e.getKey(), e.getValue()));
    System.out.printf("output: %d part files of 'word<TAB>count' lines in %s%n",
        FileWordCount.finishedFiles(output).size(), output.toAbsolutePath());
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
