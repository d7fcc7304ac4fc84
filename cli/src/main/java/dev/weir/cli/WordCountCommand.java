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
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PStream;
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
 * <p>This class checks the options and builds the job; {@link WordCountRun} runs it, stops it on
 * Ctrl-C and reports.
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

  @Option(names = "--from-savepoint", paramLabel = "DIR", description = "Start from a savepoint "
      + "(written by --savepoint-on-stop or the console) instead of from scratch or --resume; "
      + "its state is checked against the job before anything runs.")
  Path fromSavepoint;

  @Option(names = "--allow-non-restored-state", description = "With --from-savepoint: drop "
      + "the savepoint's state of steps the job no longer has instead of refusing.")
  boolean allowNonRestoredState;

  @Option(names = "--savepoint-on-stop", paramLabel = "DIR", description = "Ctrl-C stops the "
      + "job with a savepoint (instead of a final checkpoint) written under DIR as "
      + "savepoint-wordcount-ID; resume it with --from-savepoint DIR/savepoint-wordcount-ID, on "
      + "any store and parallelism.")
  Path savepointOnStop;

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
    if (fromSavepoint != null && resume) {
      throw usage("--from-savepoint and --resume exclude each other: a run starts from a "
          + "savepoint or from the latest checkpoint of an earlier run", null);
    }
    if (fromSavepoint != null && !Files.isDirectory(fromSavepoint)) {
      throw usage("--from-savepoint '" + fromSavepoint + "' is not a directory; give the "
          + "directory a savepoint was written to (see weir savepoints list)", null);
    }
    if (allowNonRestoredState && fromSavepoint == null) {
      throw usage("--allow-non-restored-state applies with --from-savepoint only", null);
    }
    if (savepointOnStop != null) {
      requireDirectoryOrMissing("--savepoint-on-stop", savepointOnStop.toString());
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
    boolean fresh = fromSavepoint != null || !resume || nothingToResume(store);
    if (fresh && kafkaOut == null) {
      int moved = previousOutput().moveAside();
      if (moved > 0) {
        System.out.printf("wordcount: moved %d part files of an earlier run to %s (deleted once "
            + "this run finishes)%n", moved, previousOutput().stash());
      }
    }
    LocalRunner.Builder runner = LocalRunner.builder().checkpointStore(store).startFresh(fresh);
    if (fromSavepoint != null) {
      runner.fromSavepoint(fromSavepoint).allowNonRestoredState(allowNonRestoredState);
      System.out.println("wordcount: starting from savepoint " + fromSavepoint.toAbsolutePath());
    }
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
      WordCountRun.Target target = new WordCountRun.Target(output, kafkaOut, outputStart,
          checkpoints, store, parallelism, savepointOnStop);
      return new WordCountRun(target, expected, faults,
          kafkaOut == null ? previousOutput() : null, finished).run(built, p);
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

  /** The independent count of the input files, announced because it takes a while. */
  private Map<String, Long> plainCount() throws IOException {
    System.out.println("wordcount: counting the input once more with a plain single-threaded "
        + "count, to verify the job's result against ...");
    return PlainWordCount.of(fileSource);
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
