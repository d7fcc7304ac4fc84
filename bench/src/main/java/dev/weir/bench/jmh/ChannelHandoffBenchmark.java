package dev.weir.bench.jmh;

import dev.weir.runner.local.internal.LocalChannel;
import dev.weir.runner.local.internal.LocalInputGate;
import dev.weir.runtime.task.ChannelEvent;
import dev.weir.runtime.task.RecordBatch;
import dev.weir.runtime.task.TaskCancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Records/s through the local runner's channel hand-off: producer threads fill keyed
 * {@link RecordBatch}es of {@value #BATCH} records (a new batch per send, as the exchange writer
 * does) and send them on their {@link LocalChannel} (capacity 8, the runner's default); the
 * measured thread reads them round robin through a {@link LocalInputGate} and consumes every
 * record. One operation = one record received.
 *
 * <p>The producers are plain threads started per iteration, not a JMH {@code @Group}: a
 * producer blocked on a full channel at the end of an iteration would otherwise hang the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChannelHandoffBenchmark {
  static final int BATCH = 256;
  private static final int CAPACITY = 8;

  /** Producer threads, one channel each, into one gate. */
  @Param({"1", "2"})
  public int channels;

  private LocalInputGate gate;
  private final List<Thread> producers = new ArrayList<>();
  private volatile boolean running;

  @Setup(Level.Iteration)
  public void start() {
    List<LocalChannel> list = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      list.add(new LocalChannel("bench[" + c + "]", CAPACITY));
    }
    gate = new LocalInputGate(list);
    gate.bindReceiver(Thread.currentThread());
    // Records are created once: the benchmark measures the hand-off, not record creation.
    Object[] values = new Object[BATCH];
    String[] keys = new String[BATCH];
    for (int i = 0; i < BATCH; i++) {
      keys[i] = "k" + i;
      values[i] = keys[i];
    }
    running = true;
    for (LocalChannel ch : list) {
      Thread t = new Thread(() -> produce(ch, values, keys), "producer-" + ch);
      t.setDaemon(true);
      producers.add(t);
      t.start();
    }
  }

  private void produce(LocalChannel ch, Object[] values, String[] keys) {
    try {
      long ts = 0;
      while (running) {
        RecordBatch b = new RecordBatch(BATCH, true);
        for (int i = 0; i < BATCH; i++) {
          b.add(values[i], ts++, keys[i], i & 127);
        }
        ch.send(b);
      }
    } catch (TaskCancelledException e) {
      // interrupted while blocked on a full channel: the iteration is over
    }
  }

  @TearDown(Level.Iteration)
  public void stop() throws InterruptedException {
    running = false;
    for (Thread t : producers) {
      t.interrupt();
      t.join(5_000);
    }
    producers.clear();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void receiveBatch(Blackhole bh) {
    ChannelEvent e;
    do {
      e = gate.poll(1_000_000L);
    } while (e == null);
    RecordBatch b = (RecordBatch) e;
    int n = b.size();
    for (int i = 0; i < n; i++) {
      bh.consume(b.value(i));
      bh.consume(b.keyGroup(i));
    }
  }
}
