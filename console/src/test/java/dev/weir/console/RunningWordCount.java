package dev.weir.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.CheckpointFailure;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.CheckpointTrigger;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.InMemoryCheckpointStore;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A word count on the local runner with its console on a free port of 127.0.0.1: lines pushed
 * by the test, split into words, counted per word, checkpointed every 200 ms into an
 * in-memory store. Closing it cancels the job (if it still runs) and stops the console.
 */
final class RunningWordCount implements AutoCloseable {
  static final String SPLIT = "split";
  static final String COUNT = "count";

  final PushSource<String> lines = PushSource.create(Types.STRING);
  final CollectingSink<KV<String, Long>> counts = CollectingSink.create();
  final LocalRunner runner;
  final PipelineResult job;
  /** Words pushed so far (three a line). */
  private final AtomicLong wordsPushed = new AtomicLong();
  private volatile boolean feeding;
  private Thread feeder;

  RunningWordCount() {
    PipelineOptions options = PipelineOptions.defaults().withJobName("wordcount")
        .withParallelism(2).withCheckpointInterval(Duration.ofMillis(200));
    Pipeline p = Pipeline.create(options);
    p.read("lines", lines)
        .flatMap(SPLIT, (String line) -> List.of(line.split(" ")))
        .withCoder(Types.STRING)
        .keyBy("byWord", w -> w, Types.STRING)
        .count(COUNT)
        .write("counts", counts);
    runner = LocalRunner.builder().checkpointStore(new InMemoryCheckpointStore()).console(0).build();
    job = runner.run(p);
  }

  URI uri() {
    return runner.consoleUri().orElseThrow();
  }

  String id() {
    return job.runId();
  }

  /** Pushes {@code n} lines of three words each: "alpha beta gammaK" (K = i % 7). */
  void push(int n) {
    String[] batch = new String[n];
    for (int i = 0; i < n; i++) {
      batch[i] = "alpha beta gamma" + (i % 7);
    }
    wordsPushed.addAndGet(3L * n);
    lines.push(batch);
  }

  /** Words pushed so far: what the count step has counted once the job caught up. */
  long wordsPushed() {
    return wordsPushed.get();
  }

  /** The count step's records in, as the job reports them (not through the console). */
  long wordsCounted() {
    var m = job.metrics().steps().get(COUNT);
    return m == null ? 0 : m.recordsIn();
  }

  /**
   * What a refused request must leave as it was: the job's state and the checkpoints, completed
   * or failed, other than its periodic ones (on demand, savepoints, the stop checkpoint).
   */
  record Fingerprint(PipelineResult.State state, List<CheckpointMetrics> notPeriodic,
      List<CheckpointFailure> failed) {
  }

  Fingerprint fingerprint() {
    return new Fingerprint(job.state(), job.checkpoints().stream()
        .filter(m -> m.trigger() != CheckpointTrigger.INTERVAL).toList(),
        job.failedCheckpoints().stream().filter(f -> f.trigger() != CheckpointTrigger.INTERVAL).toList());
  }

  /**
   * Asserts that {@code request} left the job as {@code before}, and that the job still counts:
   * a line pushed afterwards is counted (a stop would have paused the tasks, a cancel ended
   * them).
   */
  void assertUnchangedSince(Fingerprint before, String request) throws Exception {
    assertThat(fingerprint()).as("the job after %s", request).isEqualTo(before);
    push(1);
    long pushed = wordsPushed();
    Await.until("the job to count a line pushed after " + request, Duration.ofSeconds(20),
        () -> wordsCounted() == pushed ? true : null);
    assertThat(fingerprint()).as("the job after %s", request).isEqualTo(before);
  }

  /** Pushes 200 lines every 20 ms on a daemon thread until closed, so rates show. */
  void feed() {
    feeding = true;
    feeder = new Thread(() -> {
      while (feeding) {
        push(200);
        try {
          Thread.sleep(20); // pacing the input of a demo job, not synchronizing a test
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "console-test-feeder");
    feeder.setDaemon(true);
    feeder.start();
  }

  @Override
  public void close() throws InterruptedException {
    feeding = false;
    if (feeder != null) {
      feeder.join();
    }
    if (!job.state().isTerminal()) {
      job.cancel();
    }
    runner.close();
  }
}
