package dev.weir.console;

import dev.weir.runner.local.LocalRunner;
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
    lines.push(batch);
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
