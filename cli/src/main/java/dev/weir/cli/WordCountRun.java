package dev.weir.cli;

import dev.weir.examples.wordcount.FileWordCount;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.testing.Faults;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.TopicPartition;

/**
 * One run of {@code weir wordcount} on the local runner, from its start to its report: a
 * progress line each second, Ctrl-C as a stop (with a final checkpoint, or with a savepoint to
 * {@code --savepoint-on-stop}), then the counts, the output, the checkpoints and the
 * verification against a plain count. {@link WordCountCommand} checks the options and builds
 * the job; this class runs it.
 */
final class WordCountRun {

  /**
   * Where the run writes and keeps things.
   *
   * @param output the {@code --output} directory or address
   * @param kafkaOut the output topic, or null for part files in {@code output}
   * @param outputStart the output topic's end offsets before the run, or null
   * @param checkpoints the {@code --checkpoints} directory or address
   * @param store the open checkpoint store
   * @param parallelism the job's parallelism
   * @param savepointOnStop where a Ctrl-C writes a savepoint, or null for a final checkpoint
   */
  record Target(String output, KafkaAddress kafkaOut, Map<TopicPartition, Long> outputStart,
      String checkpoints, CheckpointStore store, int parallelism, Path savepointOnStop) {
  }

  private final Target target;
  /** The counts to compare with, or null when the run cannot be checked. */
  private final Map<String, Long> expected;
  private final Faults faults;
  /** The earlier run's part files (file output), or null (topic output). */
  private final PreviousOutput previous;
  /** Counted down once the run reported and its store is closed. */
  private final CountDownLatch finished;

  WordCountRun(Target target, Map<String, Long> expected, Faults faults, PreviousOutput previous,
      CountDownLatch finished) {
    this.target = target;
    this.expected = expected;
    this.faults = faults;
    this.previous = previous;
    this.finished = finished;
  }

  /**
   * Runs the job to its end and reports; a Ctrl-C meanwhile stops it. Returns the exit code:
   * 0 when verified or not checked, 2 when the counts differ from the plain count, 130 when
   * stopped.
   */
  int run(LocalRunner runner, Pipeline p) throws Exception {
    long start = System.nanoTime();
    PipelineResult result = runner.run(p);
    Thread stopper = new Thread(() -> {
      if (result.state() == PipelineResult.State.RUNNING) {
        // Stop, not drain: a drain would fire the final counts of the input read so far, and a
        // resumed run could not correct them. The stop checkpoint keeps the counts and the
        // input positions, so a run with --resume finishes exactly.
        try {
          stop(result);
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
      return report(result, start);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waited for this report
      }
    }
  }

  /**
   * Stops the running job on Ctrl-C: with a final checkpoint, or with a savepoint written to
   * {@code --savepoint-on-stop}. Either keeps the counts and the input positions, so a resumed
   * run finishes exactly.
   */
  private void stop(PipelineResult result) {
    if (target.savepointOnStop() == null) {
      System.out.println("wordcount: stopping with a final checkpoint (no counts are written "
          + "for an unfinished input); rerun the same command with --resume to finish");
      result.stop();
    } else {
      System.out.println("wordcount: stopping with a savepoint to " + target.savepointOnStop()
          + " (no counts are written for an unfinished input)");
      stopSavepoint = result.stopWithSavepoint(target.savepointOnStop());
    }
  }

  /** The savepoint of a Ctrl-C with --savepoint-on-stop, once asked for; else null. */
  private volatile java.util.concurrent.CompletableFuture<Path> stopSavepoint;

  /** The line a stopped run ends with: where its state is and how to finish the run. */
  private String stoppedLine(PipelineResult result) throws InterruptedException {
    long words = result.metrics().step("wordcount/split").recordsOut();
    java.util.concurrent.CompletableFuture<Path> savepoint = stopSavepoint;
    if (savepoint != null) {
      try {
        Path dir = savepoint.get(60, java.util.concurrent.TimeUnit.SECONDS);
        return String.format("wordcount: stopped with savepoint %s after %,d words; finish with "
            + "the same command and --from-savepoint %s instead of --savepoint-on-stop", dir,
            words, dir);
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException e) {
        Throwable why = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
        System.err.println("wordcount: the savepoint to " + target.savepointOnStop() + " failed: " + why
            + "; the job stopped with its latest checkpoint instead");
      }
    }
    List<CheckpointMetrics> cps = result.checkpoints();
    return String.format("wordcount: stopped with checkpoint %s after %,d words; rerun the same "
        + "command with --resume to finish",
        cps.isEmpty() ? "?" : Long.toString(cps.get(cps.size() - 1).checkpointId()), words);
  }

  private int report(PipelineResult result, long start) throws Exception {
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
      System.out.println(stoppedLine(result));
      if (target.kafkaOut() == null && previous.kept() > 0) {
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
    Map<String, Long> counts = target.kafkaOut() == null ? FileWordCount.readOutput(Path.of(target.output()))
        : KafkaCommand.latestCounts(target.kafkaOut().servers(), target.kafkaOut().topic(), target.outputStart());
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("wordcount: %,d words, %,d distinct, %.2f s (%,.0f words/s), parallelism %d%n",
        total, counts.size(), seconds, total / seconds, target.parallelism());
    if (!result.restoredCheckpointIds().isEmpty()) {
      // The counts went on from a savepoint or checkpoint: this run read only the rest.
      System.out.printf("  restored checkpoint %s; this run read %,d lines%n",
          result.restoredCheckpointIds().get(0), result.metrics().step("wordcount/split").recordsIn());
    }
    counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(5)
        .forEach(e -> System.out.printf("  %-12s %,d%n", e.getKey(), e.getValue()));
    if (target.kafkaOut() == null) {
      System.out.printf("output: %d part files of 'word<TAB>count' lines in %s%n",
          FileWordCount.finishedFiles(Path.of(target.output())).size(), Path.of(target.output()).toAbsolutePath());
    } else {
      System.out.printf("output: topic %s at %s, key = word, value = count (read: ./weir kafka "
          + "consume --bootstrap %s --topic %s --latest-per-key)%n", target.kafkaOut().topic(),
          target.kafkaOut().servers(), target.kafkaOut().servers(), target.kafkaOut().topic());
    }
    List<CheckpointMetrics> cps = result.checkpoints();
    String where = target.store() instanceof ChronicleQueueCheckpointStore
        ? Path.of(target.checkpoints()).toAbsolutePath() + " (inspect: ./weir checkpoints list " + target.checkpoints() + ")"
        : target.checkpoints() + " (topics weir-checkpoint-state, weir-checkpoint-manifests)";
    System.out.printf("checkpoints: %d completed, %s%s, stored in %s%n",
        cps.size(), Plural.count(result.restarts(), "restart"),
        faults.fired() > 0 ? " (after the injected crash)" : "", where);
    if (!cps.isEmpty()) {
      CheckpointMetrics last = cps.get(cps.size() - 1);
      System.out.printf("  last: checkpoint %d, %d ms, %,d bytes%n", last.checkpointId(), last.durationMs(), last.bytes());
    }
    if (expected == null) {
      System.out.println("verified: not checked (the input was not bounded, or the run resumed)");
      outputReplaced();
      return 0;
    }
    boolean verified = expected.equals(counts);
    System.out.println("verified against a plain count: " + verified);
    if (verified) {
      outputReplaced();
    } else if (target.kafkaOut() == null && previous.kept() > 0) {
      System.out.println("  the earlier run's part files stay in "
          + previous.stash());
    }
    return verified ? 0 : 2;
  }

  /** A run finished: its part files are the output now, the earlier run's are dropped. */
  private void outputReplaced() throws IOException {
    if (target.kafkaOut() == null) {
      previous.finished();
    }
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
}
