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
 * reads the job's metrics a few times a second; it starts just after the job was started, so
 * its first interval also holds the records of those first moments.
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
    long interval = TimeUnit.MILLISECONDS.toNanos(intervalMs);
    long lastCount = 0;
    long lastAt = System.nanoTime();
    long next = lastAt + interval;
    try {
      while (!stop.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        long count = job.metrics().step(step).recordsIn();
        long at = System.nanoTime();
        // A restart counts again from zero: the records since it are the whole count.
        long records = count >= lastCount ? count - lastCount : count;
        synchronized (perSecond) {
          // Divided by the time that really passed: a late wake-up (a pause, a busy core)
          // neither inflates this interval nor leaves the next one empty.
          perSecond.add(records * 1_000_000_000L / Math.max(1, at - lastAt));
        }
        lastCount = count;
        lastAt = at;
        next = Math.max(next + interval, at + interval / 2);
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
   * warm-up), or -1 when it has fewer than 4 intervals (too short to tell).
   */
  static long steady(long[] timeline) {
    if (timeline.length < 4) {
      return -1;
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
