package dev.weir.cli;

import dev.weir.examples.wordcount.FileWordCount;
import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.examples.wordcount.PlainWordCount;
import dev.weir.examples.wordcount.WordCount;
import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.io.files.FileSource;
import dev.weir.io.kafka.KafkaCheckpointStore;
import dev.weir.io.kafka.KafkaCoders;
import dev.weir.io.kafka.KafkaSink;
import dev.weir.io.kafka.KafkaSource;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PStream;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.WeirException;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.types.KV;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Counts the words of text files (or of a generated corpus written to a file first) on the
 * local runner, writes the final count of each word with an exactly-once file sink, and checks
 * the result against a plain single-threaded count.
 *
 * <p>About 450 lines: the options, their checks, the run (with Ctrl-C and {@code --resume}) and
 * its report. When the CLI moves into a module of its own, the report becomes a class of its
 * own.
 */
@Command(name = "wordcount", mixinStandardHelpOptions = true,
    description = "Count the words of text files on the local runner, with checkpoints in a "
        + "Chronicle Queue store; write 'word<TAB>count' lines (the final count of each word) to "
        + "part files, and verify them against a plain single-threaded count.")
public final class WordCountCommand implements Callable<Integer> {

  /** The job name, under which the store keeps the checkpoints. */
  private static final String JOB = "wordcount";

  private PreviousOutput previousOutput;

  /** Counted down once the run reported and its store is closed. */
  private final java.util.concurrent.CountDownLatch finished =
      new java.util.concurrent.CountDownLatch(1);

  @Option(names = "--input", description = "A text file, a directory of them, or a glob; .gz files are "
      + "decompressed; or kafka://HOST:PORT/TOPIC (one line per record value, UTF-8). Default: a "
      + "generated corpus of --lines lines written to weir-data/corpus/.")
  String input;

  @Option(names = "--output", description = "Directory of the result part files; old part files there are "
      + "moved to .weir-previous/ (unless the run resumes) and deleted once the run finishes; or kafka://HOST:PORT/TOPIC (key = word, value = its latest count "
      + "as text, exactly once) (default ${DEFAULT-VALUE}).")
  String output = Path.of("weir-data", "wordcount-output").toString();

  @Option(names = "--bounded", description = "With a kafka:// input: stop at the end offsets seen at "
      + "start and finish. Without it the job runs until Ctrl-C, which stops it with a final checkpoint.")
  boolean bounded;

  @Option(names = "--lines", description = "Lines of the generated corpus when there is no --input (default ${DEFAULT-VALUE}, about 16 MB).")
  long lines = 250_000;

  @Option(names = "--parallelism", description = "Subtasks of each step (default ${DEFAULT-VALUE}).")
  int parallelism = 2;

  @Option(names = "--explain", description = "Print the physical plan before running.")
  boolean explain;

  @Option(names = "--checkpoints", description = "Chronicle Queue checkpoint directory, or "
      + "kafka://HOST:PORT for the Kafka checkpoint store (default ${DEFAULT-VALUE}).")
  String checkpoints = Path.of("weir-data", "checkpoints").toString();

  @Option(names = "--checkpoint-interval", description = "Checkpoint interval in ms; 0 = only the final checkpoint (default ${DEFAULT-VALUE}).")
  long checkpointIntervalMs = 1000;

  @Option(names = "--resume", description = "Resume from the latest checkpoint of an earlier run instead of starting fresh.")
  boolean resume;

  @Option(names = "--crash-at", description = "Crash the count step once at this fraction of the input (e.g. 0.5), then watch it restore from the latest checkpoint and still count exactly.")
  Double crashAt;

  @Option(names = "--console", paramLabel = "PORT", description = "Serve the web console and "
      + "REST API of the job on http://127.0.0.1:PORT/ while it runs (docs/console.md).")
  Integer consolePort;

  @Spec
  CommandSpec spec;

  /** The file input, once validated (or generated): one instance, so each warning comes once. */
  private FileSource fileSource;

  /** The kafka:// addresses of --input, --output and --checkpoints, or null (set by validate). */
  private KafkaAddress kafkaIn;
  private KafkaAddress kafkaOut;
  private KafkaAddress kafkaStore;

  @Override
  public Integer call() throws Exception {
    validate();
    String in = kafkaIn != null ? input : input != null ? input : generateCorpus().toString();
    if (kafkaIn == null && fileSource == null) {
      fileSource = textSource(in);
    }
    PipelineOptions options = PipelineOptions.defaults().withJobName(JOB)
        .withParallelism(parallelism);
    if (checkpointIntervalMs > 0) {
      options = options.withCheckpointInterval(Duration.ofMillis(checkpointIntervalMs));
    }
    Pipeline p = Pipeline.create(options);
    PStream<String> lines = kafkaIn != null
        ? p.read("lines", kafkaSource(kafkaIn))
        : p.read("lines", fileSource);
    if (kafkaOut != null) {
      // Running counts; the sink writes the latest count of each word once per checkpoint.
      lines.apply("wordcount", new WordCount())
          .write("output", KafkaSink.<KV<String, Long>>builder(kafkaOut.servers(), kafkaOut.topic())
              .key(kv -> kv.key().getBytes(StandardCharsets.UTF_8))
              .value(kv -> Long.toString(kv.value()).getBytes(StandardCharsets.UTF_8))
              .latestPerKey()
              .createTopicIfMissing(parallelism)
              .build());
    } else {
      FileWordCount.write(lines, Path.of(output));
    }
    if (explain) {
      System.out.print(p.explain());
    }
    System.out.println("wordcount: counting " + in + " into " + output
        + (kafkaIn != null && !bounded ? " (unbounded: Ctrl-C stops with a final checkpoint)" : ""));
    try {
      if (kafkaStore != null) {
        try (KafkaCheckpointStore store = KafkaCheckpointStore.create(
            Map.of("bootstrap.servers", kafkaStore.servers()))) {
          return run(p, in, kafkaIn, kafkaOut, store);
        }
      }
      Files.createDirectories(Path.of(checkpoints));
      try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(Path.of(checkpoints))) {
        return run(p, in, kafkaIn, kafkaOut, store);
      }
    } finally {
      finished.countDown(); // the store is closed: a Ctrl-C hook waiting for it may let the JVM end
    }
  }

  /**
   * Checks the arguments before any work (no corpus written, no store opened, no output
   * deleted): each problem is a picocli {@link ParameterException} naming the flag, which the
   * CLI prints as one line with exit code 2.
   */
  private void validate() {
    if (parallelism < 1) {
      throw usage("--parallelism must be at least 1, was " + parallelism, null);
    }
    if (crashAt != null && !(crashAt > 0 && crashAt < 1)) {
      throw usage("--crash-at must be a fraction of the input between 0 and 1, exclusive "
          + "(e.g. 0.5), was " + crashAt, null);
    }
    if (checkpointIntervalMs < 0) {
      throw usage("--checkpoint-interval must be 0 (only the final checkpoint) or a number of "
          + "milliseconds, was " + checkpointIntervalMs, null);
    }
    if (lines < 1) {
      throw usage("--lines must be at least 1, was " + lines, null);
    }
    if (consolePort != null && (consolePort < 0 || consolePort > 65535)) {
      throw usage("--console must be a port between 0 and 65535, was " + consolePort, null);
    }
    try {
      kafkaIn = KafkaAddress.parseTopic("--input", input);
      kafkaOut = KafkaAddress.parseTopic("--output", output);
      kafkaStore = KafkaAddress.parseServers("--checkpoints", checkpoints);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage(), e);
    }
    if (bounded && kafkaIn == null) {
      throw usage("--bounded applies to a kafka:// input only; files are always bounded", null);
    }
    if (kafkaOut == null) {
      requireDirectoryOrMissing("--output", output);
      if (kafkaIn != null && !bounded) {
        throw usage("--output " + output + " writes the final counts when the input ends, and a "
            + "kafka:// input without --bounded never ends: add --bounded, or write the running "
            + "counts to a topic (--output kafka://HOST:PORT/TOPIC)", null);
      }
    }
    if (kafkaStore == null) {
      requireDirectoryOrMissing("--checkpoints", checkpoints);
    }
    if (kafkaIn == null && input != null) {
      fileSource = textSource(input);
      List<Path> files;
      try {
        files = fileSource.files();
      } catch (WeirException e) {
        throw usage("--input: " + e.getMessage(), e);
      }
      if (files.isEmpty()) {
        throw usage("--input '" + input + "' holds no text files to count (hidden and binary "
            + "files are skipped)", null);
      }
    }
  }

  private void requireDirectoryOrMissing(String flag, String dir) {
    if (Files.exists(Path.of(dir)) && !Files.isDirectory(Path.of(dir))) {
      throw usage(flag + " '" + dir + "' is an existing file; give a directory (created if "
          + "missing)" + (flag.equals("--output") ? " or kafka://HOST:PORT/TOPIC" : " or kafka://HOST:PORT"), null);
    }
  }

  private ParameterException usage(String message, Exception cause) {
    return new ParameterException(spec.commandLine(), message, cause);
  }

  /** The file source of {@code in}; 8 MiB splits share a large file among the subtasks. */
  private static FileSource textSource(String in) {
    // Constant split size, so --resume finds its splits.
    return FileSource.text(in).withSplitSize(8L << 20);
  }

  private KafkaSource<String> kafkaSource(KafkaAddress in) {
    KafkaSource.Builder<byte[], String> b = KafkaSource.<byte[], String>builder()
        .bootstrapServers(in.servers()).topics(in.topic()).valueCoder(KafkaCoders.UTF8);
    return (bounded ? b.bounded() : b).buildValues();
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

  private int run(Pipeline p, String in, KafkaAddress kafkaIn, KafkaAddress kafkaOut,
      CheckpointStore store) throws Exception {
    boolean fresh = !resume || nothingToResume(store);
    if (fresh && kafkaOut == null) {
      int moved = previousOutput().moveAside();
      if (moved > 0) {
        System.out.printf("wordcount: moved %d part files of an earlier run to %s (deleted once "
            + "this run finishes)%n", moved, previousOutput().stash());
      }
    }
    LocalRunner.Builder runner = LocalRunner.builder().checkpointStore(store).startFresh(fresh);
    Faults faults = Faults.create();
    // The independent count to compare with: of the files, or of the topic up to its end now.
    Map<String, Long> expected = kafkaIn == null ? plainCount()
        : bounded && fresh ? plainCountOfTopic(kafkaIn) : null;
    Map<org.apache.kafka.common.TopicPartition, Long> outputStart =
        kafkaOut == null ? null : KafkaCommand.endOffsets(kafkaOut.servers(), kafkaOut.topic());
    long words = expected == null ? 0 : expected.values().stream().mapToLong(Long::longValue).sum();
    if (crashAt != null) {
      if (expected == null) {
        throw new IllegalArgumentException(
            "--crash-at needs a bounded input (a file, or kafka:// with --bounded)");
      }
      long at = (long) (words * crashAt / parallelism);
      faults.crashAtRecord("wordcount/count", 0, at);
      runner.faults(faults);
      System.out.printf("  will crash subtask 0 of step 'wordcount/count' at its word %,d%n", at);
    }
    if (consolePort != null) {
      runner.console(consolePort);
    }
    try (LocalRunner built = buildRunner(runner)) {
      built.consoleUri().ifPresent(uri -> System.out.println("wordcount: console at " + uri
          + " (while the job runs)"));
      return runAndReport(built, p, expected, kafkaOut, outputStart, faults, store);
    }
  }

  /** The runner; a console that cannot start is a usage error naming --console. */
  private LocalRunner buildRunner(LocalRunner.Builder runner) {
    try {
      return runner.build();
    } catch (dev.weir.sdk.ConfigException e) {
      throw usage("--console " + consolePort + ": " + e.getMessage(), e);
    }
  }

  private int runAndReport(LocalRunner runner, Pipeline p, Map<String, Long> expected,
      KafkaAddress kafkaOut, Map<org.apache.kafka.common.TopicPartition, Long> outputStart,
      Faults faults, CheckpointStore store) throws Exception {
    long start = System.nanoTime();
    PipelineResult result = runner.run(p);
    Thread stopper = new Thread(() -> {
      if (result.state() == PipelineResult.State.RUNNING) {
        // Stop, not drain: a drain would fire the final counts of the input read so far, and a
        // resumed run could not correct them. The stop checkpoint keeps the counts and the
        // input positions, so a run with --resume finishes exactly.
        System.out.println("wordcount: stopping with a final checkpoint (no counts are written "
            + "for an unfinished input); rerun the same command with --resume to finish");
        result.stop();
        try {
          // Longer than the stop's own wait for the sinks' commits (60 s); released once the
          // report is printed and the store is closed.
          finished.await(120, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "wordcount-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      return report(result, start, expected, kafkaOut, outputStart, faults, store);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waited for this report
      }
    }
  }

  private int report(PipelineResult result, long start, Map<String, Long> expected,
      KafkaAddress kafkaOut, Map<org.apache.kafka.common.TopicPartition, Long> outputStart,
      Faults faults, CheckpointStore store) throws Exception {
    long lastWords = 0;
    long lastTime = start;
    long lastRestarts = 0;
    while (result.waitUntilFinish(Duration.ofSeconds(1)) == PipelineResult.State.RUNNING) {
      long now = System.nanoTime();
      long done = result.metrics().step("wordcount/split").recordsOut();
      long restarts = result.restarts();
      System.out.printf("  running: %,d words, %s, %s, %s%n", done,
          rate(done - lastWords, now - lastTime, restarts != lastRestarts),
          Plural.count(result.checkpoints().size(), "checkpoint"), Plural.count(restarts, "restart"));
      lastWords = done;
      lastTime = now;
      lastRestarts = restarts;
    }
    if (result.state() == PipelineResult.State.STOPPED) {
      List<CheckpointMetrics> cps = result.checkpoints();
      System.out.printf("wordcount: stopped with checkpoint %s after %,d words; rerun the same "
              + "command with --resume to finish%n",
          cps.isEmpty() ? "?" : Long.toString(cps.get(cps.size() - 1).checkpointId()),
          result.metrics().step("wordcount/split").recordsOut());
      PreviousOutput previous = previousOutput();
      if (kafkaOut == null && previous.kept() > 0) {
        System.out.printf("  the %d part files of the earlier run stay in %s until a run "
            + "finishes%n", previous.kept(), previous.stash());
      }
      return 130;
    }
    if (result.state() != PipelineResult.State.DONE) {
      throw new IllegalStateException("the job ended " + result.state()
          + result.failure().map(f -> ": " + f.getMessage()).orElse(""));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Long> counts = kafkaOut == null ? FileWordCount.readOutput(Path.of(output))
        : KafkaCommand.latestCounts(kafkaOut.servers(), kafkaOut.topic(), outputStart);
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("wordcount: %,d words, %,d distinct, %.2f s (%,.0f words/s), parallelism %d%n",
        total, counts.size(), seconds, total / seconds, parallelism);
    counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(5)
        .forEach(e -> System.out.printf("  %-12s %,d%n", e.getKey(), e.getValue()));
    if (kafkaOut == null) {
      System.out.printf("output: %d part files of 'word<TAB>count' lines in %s%n",
          FileWordCount.finishedFiles(Path.of(output)).size(), Path.of(output).toAbsolutePath());
    } else {
      System.out.printf("output: topic %s at %s, key = word, value = count (read: ./weir kafka "
          + "consume --bootstrap %s --topic %s --latest-per-key)%n", kafkaOut.topic(),
          kafkaOut.servers(), kafkaOut.servers(), kafkaOut.topic());
    }
    List<CheckpointMetrics> cps = result.checkpoints();
    String where = store instanceof ChronicleQueueCheckpointStore
        ? Path.of(checkpoints).toAbsolutePath() + " (inspect: ./weir checkpoints list " + checkpoints + ")"
        : checkpoints + " (topics weir-checkpoint-state, weir-checkpoint-manifests)";
    System.out.printf("checkpoints: %d completed, %s%s, stored in %s%n",
        cps.size(), Plural.count(result.restarts(), "restart"),
        faults.fired() > 0 ? " (after the injected crash)" : "", where);
    if (!cps.isEmpty()) {
      CheckpointMetrics last = cps.get(cps.size() - 1);
      System.out.printf("  last: checkpoint %d, %d ms, %,d bytes%n", last.checkpointId(), last.durationMs(), last.bytes());
    }
    if (expected == null) {
      System.out.println("verified: not checked (the input was not bounded, or the run resumed)");
      outputReplaced(kafkaOut);
      return 0;
    }
    boolean verified = expected.equals(counts);
    System.out.println("verified against a plain count: " + verified);
    if (verified) {
      outputReplaced(kafkaOut);
    } else if (kafkaOut == null && previousOutput().kept() > 0) {
      System.out.println("  the earlier run's part files stay in "
          + previousOutput().stash());
    }
    return verified ? 0 : 2;
  }

  /**
   * Whether {@code --resume} has nothing to resume: the newest checkpoint of the job is the
   * final checkpoint of a run that read all its input (or a run since then was killed before
   * its first checkpoint), so the run counts from the start instead.
   */
  private static boolean nothingToResume(CheckpointStore store) throws IOException {
    List<CheckpointManifest> cps = store.listCheckpoints(JOB);
    if (cps.isEmpty()) {
      System.out.println("wordcount: nothing to resume: the store holds no checkpoint of job '"
          + JOB + "'; counting from the start");
      return true;
    }
    CheckpointManifest newest = cps.stream()
        .max(java.util.Comparator.comparingLong(CheckpointManifest::checkpointId)).orElseThrow();
    if (newest.finished()) {
      System.out.printf("wordcount: nothing to resume: the newest checkpoint (%d) is the final "
          + "checkpoint of a run that finished; counting from the start%n", newest.checkpointId());
      return true;
    }
    return false;
  }

  /** The earlier run's part files of --output (a directory). */
  private PreviousOutput previousOutput() {
    if (previousOutput == null) {
      previousOutput = new PreviousOutput(Path.of(output));
    }
    return previousOutput;
  }

  /** A run finished: its part files are the output now, the earlier run's are dropped. */
  private void outputReplaced(KafkaAddress kafkaOut) throws IOException {
    if (kafkaOut == null) {
      previousOutput().finished();
    }
  }

  /** The independent count of the input files, announced because it takes a while. */
  private Map<String, Long> plainCount() throws IOException {
    System.out.println("wordcount: counting the input once more with a plain single-threaded "
        + "count, to verify the job's result against ...");
    return PlainWordCount.of(fileSource);
  }

  /**
   * The progress line's rate: words per second over the last interval, or "restarted" when the
   * job restarted in it (the new attempt's counters start again from its checkpoint, so the
   * difference means nothing and may be negative).
   */
  static String rate(long words, long nanos, boolean restarted) {
    return restarted || words < 0 ? "restarted"
        : String.format("%,.0f words/s", words * 1e9 / nanos);
  }

  /** Counts the words of every committed record of the topic, up to its end offsets now. */
  private static Map<String, Long> plainCountOfTopic(KafkaAddress in) {
    Map<String, Long> counts = new java.util.HashMap<>();
    KafkaCommand.readCommitted(in.servers(), in.topic(), r -> {
      if (r.value() != null) {
        WordCount.words(r.value()).forEach(w -> counts.merge(w, 1L, Long::sum));
      }
    });
    return counts;
  }
}
