package dev.weir.bench.jmh;

import dev.weir.runtime.state.KeyedStateFormat;
import dev.weir.runtime.state.KeyGroups;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Avro encoding of keyed state and keys:
 * <ul>
 *   <li>{@code writeKeyedState100k}: a {@link KeyedStateFormat} blob of 100k
 *       {@code (keyGroup, String key, Long value)} entries written to a byte stream, as a full
 *       checkpoint of the keyed-count step does; one operation = one entry;</li>
 *   <li>{@code readKeyedState100k}: the same blob read back as a restore reads it; one
 *       operation = one entry;</li>
 *   <li>{@code stringHashOfEncoding}: {@code Types.STRING.hashOfEncoding}, the key-group
 *       computation of every keyed record;</li>
 *   <li>{@code kvEncode}: {@code Types.kv(STRING, LONG).encode} to a new byte array.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StateEncodingBenchmark {
  static final int ENTRIES = 100_000;
  static final StateSpec<ValueState<Long>> SUM = StateSpec.value("sum", Types.LONG);
  private static final Coder<KV<String, Long>> KV_CODER = Types.kv(Types.STRING, Types.LONG);

  private KeyedStateFormat format;
  private String[] keys;
  private int[] keyGroups;
  private Long[] values;
  private List<KV<String, Long>> kvs;
  private ByteArrayOutputStream out;
  private int next;

  @Setup
  public void setup() {
    format = new KeyedStateFormat("sum", Types.STRING, List.of(SUM));
    keys = new String[ENTRIES];
    keyGroups = new int[ENTRIES];
    values = new Long[ENTRIES];
    KV<String, Long>[] kv = newKvArray(ENTRIES);
    for (int i = 0; i < ENTRIES; i++) {
      keys[i] = "k" + i;
      keyGroups[i] = KeyGroups.keyGroupOf(Types.STRING.hashOfEncoding(keys[i]), 128);
      values[i] = 200L + i % 1000;
      kv[i] = KV.of(keys[i], values[i]);
    }
    kvs = List.of(kv);
    out = new ByteArrayOutputStream(4 << 20);
  }

  @SuppressWarnings("unchecked")
  private static KV<String, Long>[] newKvArray(int n) {
    return (KV<String, Long>[]) new KV<?, ?>[n];
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public int writeKeyedState100k() throws IOException {
    out.reset();
    try (KeyedStateFormat.Writer w = format.writer(out)) {
      for (int i = 0; i < ENTRIES; i++) {
        w.state(0, keyGroups[i], keys[i], values[i]);
      }
    }
    return out.size();
  }

  /** The bytes {@link #writeKeyedState100k} writes, for the read benchmark. */
  private byte[] blob;

  /** A visitor that keeps what it reads reachable, so nothing is optimized away. */
  private static final class Sink implements KeyedStateFormat.Visitor {
    long sum;
    int keyChars;

    @Override
    public void state(int stateIndex, int keyGroup, Object key, Object value) {
      keyChars += ((String) key).length();
      sum += (Long) value;
    }

    @Override
    public void stateLong(int stateIndex, int keyGroup, Object key, long value) {
      keyChars += ((String) key).length();
      sum += value;
    }

    @Override
    public void timer(boolean eventTime, int keyGroup, Object key, long timestamp, boolean live) {
    }
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public long readKeyedState100k() throws IOException {
    if (blob == null) {
      writeKeyedState100k();
      blob = out.toByteArray();
    }
    Sink sink = new Sink();
    format.read(new java.io.ByteArrayInputStream(blob), sink);
    return sink.sum + sink.keyChars;
  }

  @Benchmark
  public int stringHashOfEncoding() {
    int i = next;
    next = i + 1 == ENTRIES ? 0 : i + 1;
    return Types.STRING.hashOfEncoding(keys[i]);
  }

  @Benchmark
  public byte[] kvEncode() {
    int i = next;
    next = i + 1 == ENTRIES ? 0 : i + 1;
    return KV_CODER.encode(kvs.get(i));
  }
}
