package dev.weir.examples.bench;

import dev.weir.sdk.PipelineResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Samples the records a step has taken in, at a fixed interval while a job runs, into a
 * records/s timeline: the JIT's warm-up at the start and the cost around each checkpoint show
 * there, where the run's single records/s figure averages them away. One daemon thread that
 * reads the job's metrics a few times a second.
 */
final class ThroughputSampler {
  private final List<Long> perSecond = new ArrayList<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  private ThroughputSampler(PipelineResult job, String step, long intervalMs) {
    this.thread = new Thread(() -> sample(job, step, intervalMs), "weir-bench-sampler");
    this.thread.setDaemon(true);
  }

  static ThroughputSampler start(PipelineResult job, String step, long intervalMs) {
    ThroughputSampler s = new ThroughputSampler(job, step, intervalMs);
    s.thread.start();
    return s;
  }

  private void sample(PipelineResult job, String step, long intervalMs) {
    long last = 0;
    long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
    try {
      while (!stop.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        next += TimeUnit.MILLISECONDS.toNanos(intervalMs);
        long now = job.metrics().step(step).recordsIn();
        synchronized (perSecond) {
          // A restart counts again from the restored position: never report a negative rate.
          perSecond.add(Math.max(0, now - last) * 1000 / intervalMs);
        }
        last = now;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops sampling; the last partial interval is left out. */
  void stop() throws InterruptedException {
    stop.countDown();
    thread.join();
  }

  /**
   * The steady-state rate of a timeline: the median of its second half (after the JIT's
   * warm-up), or 0 when it has fewer than 4 intervals.
   */
  static long steady(long[] timeline) {
    if (timeline.length < 4) {
      return 0;
    }
    long[] late = java.util.Arrays.copyOfRange(timeline, timeline.length / 2, timeline.length);
    java.util.Arrays.sort(late);
    return late[late.length / 2];
  }

  /** records/s in each full interval since the start. */
  long[] recordsPerSec() {
    synchronized (perSecond) {
      return perSecond.stream().mapToLong(Long::longValue).toArray();
    }
  }
}
