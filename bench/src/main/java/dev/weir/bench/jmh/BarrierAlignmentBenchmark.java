package dev.weir.bench.jmh;

import dev.weir.runtime.task.AlignmentAction;
import dev.weir.runtime.task.BarrierAligner;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One aligned checkpoint through a {@link BarrierAligner}: barrier {@code n} arrives on every
 * input channel in turn (block the channel, ..., the last one gives take-snapshot, forward and
 * unblock-all), and the actions are dispatched as a task would. One operation = one complete
 * alignment. The clock is the system clock, as in the runner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BarrierAlignmentBenchmark {

  @Param({"2", "3", "4"})
  public int channels;

  private BarrierAligner aligner;
  private boolean[] blocked;
  private long checkpointId;

  @Setup
  public void setup() {
    aligner = new BarrierAligner(channels, Clock.systemUTC());
    blocked = new boolean[channels];
    checkpointId = 0;
  }

  @Benchmark
  public long alignOneCheckpoint(Blackhole bh) {
    long id = ++checkpointId;
    long snapshots = 0;
    // Rotate the arrival order so that every channel is sometimes last.
    int first = (int) (id % channels);
    for (int i = 0; i < channels; i++) {
      int c = first + i < channels ? first + i : first + i - channels;
      List<AlignmentAction> actions = aligner.onBarrier(c, id);
      for (AlignmentAction a : actions) {
        if (a instanceof AlignmentAction.BlockChannel b) {
          blocked[b.channel()] = true;
        } else if (a instanceof AlignmentAction.UnblockAll) {
          java.util.Arrays.fill(blocked, false);
        } else if (a instanceof AlignmentAction.TakeSnapshot s) {
          snapshots++;
          bh.consume(s.checkpointId());
        } else if (a instanceof AlignmentAction.ForwardBarrier f) {
          bh.consume(f.checkpointId());
        } else {
          throw new IllegalStateException("unexpected " + a);
        }
      }
    }
    if (snapshots != 1) {
      throw new IllegalStateException("checkpoint " + id + " snapshotted " + snapshots + " times");
    }
    return snapshots;
  }
}
