package dev.weir.bench.jmh;

import dev.weir.runtime.state.HeapKeyedStateBackend;
import dev.weir.runtime.state.KeyGroupRange;
import dev.weir.runtime.state.KeyGroups;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Types;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Keyed state access on the heap backend, as the keyed-count workload does it per record:
 * {@code setCurrentKey} + {@code value()} + {@code update(value + 1)} on a
 * {@code ValueState<Long>}, over 100k String keys visited in the workload's scattered order
 * (key {@code i * 2654435761 mod K}). One operation = one record's state access. All keys
 * exist before measuring, so this is the steady state (no inserts).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyedStateBenchmark {
  static final int KEYS = 100_000;
  static final int MAX_PARALLELISM = 128;
  static final StateSpec<ValueState<Long>> SUM = StateSpec.value("sum", Types.LONG);

  private HeapKeyedStateBackend backend;
  private ValueState<Long> sum;
  private String[] keys;
  private int[] keyGroups;
  private int next;

  @Setup
  public void setup() {
    backend = new HeapKeyedStateBackend("sum", new KeyGroupRange(0, MAX_PARALLELISM - 1),
        List.of(SUM));
    sum = backend.state(SUM);
    keys = new String[KEYS];
    keyGroups = new int[KEYS];
    for (int i = 0; i < KEYS; i++) {
      // Fresh String objects, as records deliver them (the hash is computed on first use).
      keys[i] = "k" + Math.floorMod(i * 2654435761L, KEYS);
      keyGroups[i] = KeyGroups.keyGroupOf(Types.STRING.hashOfEncoding(keys[i]), MAX_PARALLELISM);
      backend.setCurrentKey(keys[i], keyGroups[i]);
      sum.update(0L);
    }
  }

  @Benchmark
  public Long getAndUpdate() {
    int i = next;
    next = i + 1 == KEYS ? 0 : i + 1;
    backend.setCurrentKey(keys[i], keyGroups[i]);
    Long s = sum.value();
    Long updated = s + 1;
    sum.update(updated);
    return updated;
  }
}
