package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runner.local.internal.LocalChannel;
import dev.weir.runner.local.internal.LocalJob;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import dev.weir.testing.WeirTest;
import dev.weir.testing.TestSource;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A slow consumer blocks its producers instead of letting buffers grow. */
class BackpressureTest {

  /** A sink whose writes each take a permit the test hands out. */
  static final class GatedSink implements Sink<Long> {
    final Semaphore permits = new Semaphore(0);
    final AtomicLong written = new AtomicLong();

    @Override
    public SinkWriter<Long, String> createWriter(SinkContext context) {
      return new SinkWriter<>() {
        @Override
        public Coder<String> committableCoder() {
          return Types.STRING;
        }

        @Override
        public void write(Long value, long timestamp) {
          permits.acquireUninterruptibly();
          written.incrementAndGet();
        }

        @Override
        public String prepareCommit(long checkpointId) {
          return null;
        }

        @Override
        public void commit(String committable) {
        }
      };
    }
  }

  @Test
  void aBlockedSinkStopsTheSourceWithinTheChannelCapacity() throws Exception {
    int batchSize = 64;
    int capacity = 4;
    long n = 1_000_000;
    GatedSink sink = new GatedSink();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("bp").withParallelism(1));
    p.read("numbers", TestSource.sequence(n))
        .map("plusOne", x -> x + 1)
        .write("slow", sink).withParallelism(2);   // rebalance: 1 -> 2 channels
    LocalRunner runner = LocalRunner.builder().batchSize(batchSize).channelCapacity(capacity).build();
    LocalJob job = (LocalJob) runner.run(p);
    try {
      Thread source = awaitThread("weir-bp-numbers (1/1)");
      WeirTest.await(() -> blockedInSend(source));
      long emitted = job.metrics().step("plusOne").recordsOut();
      // Each of 2 channels holds `capacity` batches, each sink holds one batch in hand, and the
      // source holds at most one partial batch per channel plus the batch it is sending.
      long bound = 2L * (capacity + 1) * batchSize + 2L * batchSize + batchSize;
      assertThat(emitted).isLessThanOrEqualTo(bound).isLessThan(n);
      for (LocalChannel c : job.currentAttempt().channels()) {
        assertThat(c.queued()).isLessThanOrEqualTo(c.capacity());
      }
      sink.permits.release(Integer.MAX_VALUE);
      assertThat(job.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
      assertThat(sink.written.get()).isEqualTo(n);
    } finally {
      if (sink.permits.availablePermits() == 0) {
        sink.permits.release(Integer.MAX_VALUE);
      }
      job.cancel();
    }
  }

  private static Thread awaitThread(String name) throws InterruptedException {
    Thread[] found = new Thread[1];
    WeirTest.await(() -> {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().equals(name)) {
          found[0] = t;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  private static boolean blockedInSend(Thread t) {
    if (t.getState() != Thread.State.WAITING) {
      return false;
    }
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().endsWith("LocalChannel") && e.getMethodName().equals("send")) {
        return true;
      }
    }
    return false;
  }
}
