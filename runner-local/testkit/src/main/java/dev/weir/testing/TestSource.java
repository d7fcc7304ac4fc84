package dev.weir.testing;

import dev.weir.sdk.io.ModuloSplits;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * A bounded, checkpointable source over a list of records (optionally with event
 * timestamps) or over a generated sequence, for tests.
 *
 * <pre>{@code
 * TestSource<String> words = TestSource.of(Types.STRING, "a", "b", "a");
 * TestSource<String> timed = TestSource.builder(Types.STRING)
 *     .add("a", 1_000).add("b", 2_000).build();
 * TestSource<Long> many = TestSource.sequence(1_000_000);
 * }</pre>
 *
 * <p>Record {@code i} is read by subtask {@code i % p} at the parallelism {@code p} of the
 * first run; a restored job keeps that split even if its parallelism changed.
 *
 * @param <T> the record type
 */
public final class TestSource<T> implements Source<T> {
  private static final int RECORDS_PER_READ = 256;

  private final Coder<T> coder;
  private final long size;
  private final LongFunction<T> valueAt;
  private final long[] timestamps;

  private TestSource(Coder<T> coder, long size, LongFunction<T> valueAt, long[] timestamps) {
    this.coder = coder;
    this.size = size;
    this.valueAt = valueAt;
    this.timestamps = timestamps;
  }

  /** A source of the given records, without timestamps. */
  @SafeVarargs
  public static <T> TestSource<T> of(Coder<T> coder, T... values) {
    return fromList(coder, Arrays.asList(values));
  }

  /** A source of the given records, without timestamps. */
  public static <T> TestSource<T> fromList(Coder<T> coder, List<T> values) {
    List<T> copy = List.copyOf(values);
    return new TestSource<>(coder, copy.size(), i -> copy.get((int) i), null);
  }

  /** The records {@code 0L .. n-1}. */
  public static TestSource<Long> sequence(long n) {
    return generate(Types.LONG, n, i -> i);
  }

  /** {@code n} records computed from their index. */
  public static <T> TestSource<T> generate(Coder<T> coder, long n, LongFunction<T> valueAt) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    return new TestSource<>(coder, n, Objects.requireNonNull(valueAt, "valueAt"), null);
  }

  /** A builder of a source with event timestamps. */
  public static <T> Builder<T> builder(Coder<T> coder) {
    return new Builder<>(coder);
  }

  /** Number of records. */
  public long size() {
    return size;
  }

  @Override
  public Coder<T> coder() {
    return coder;
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public SourceReader<T, List<Long>> createReader(SourceContext context) {
    return new Reader(context);
  }

  /**
   * Builds a {@link TestSource} record by record.
   *
   * @param <T> the record type
   */
  public static final class Builder<T> {
    private final Coder<T> coder;
    private final List<T> values = new ArrayList<>();
    private final List<Long> timestamps = new ArrayList<>();

    private Builder(Coder<T> coder) {
      this.coder = coder;
    }

    /** Adds a record with an event timestamp in epoch milliseconds. */
    public Builder<T> add(T value, long timestamp) {
      values.add(Objects.requireNonNull(value, "value"));
      timestamps.add(timestamp);
      return this;
    }

    public TestSource<T> build() {
      List<T> copy = List.copyOf(values);
      return new TestSource<>(coder, copy.size(), i -> copy.get((int) i),
          timestamps.stream().mapToLong(Long::longValue).toArray());
    }
  }

  /** Reads record {@code i} through {@link ModuloSplits}. */
  private final class Reader implements SourceReader<T, List<Long>> {
    private final SourceContext context;
    private final ModuloSplits splits = new ModuloSplits();
    private int current;

    Reader(SourceContext context) {
      this.context = context;
    }

    @Override
    public Coder<List<Long>> positionCoder() {
      return ModuloSplits.POSITION_CODER;
    }

    @Override
    public void open(List<List<Long>> restored) {
      splits.open(context, restored);
    }

    @Override
    public ReadStatus read(SourceOutput<T> output) {
      int emitted = 0;
      List<ModuloSplits.Split> all = splits.all();
      while (current < all.size()) {
        ModuloSplits.Split s = all.get(current);
        long index = s.nextIndex();
        if (index >= size) {
          current++;
          continue;
        }
        T value = valueAt.apply(index);
        if (timestamps == null) {
          output.emit(value);
        } else {
          output.emit(value, timestamps[(int) index]);
        }
        s.advance();
        if (++emitted == RECORDS_PER_READ) {
          return ReadStatus.MORE_AVAILABLE;
        }
      }
      return ReadStatus.END_OF_INPUT;
    }

    @Override
    public List<List<Long>> snapshotPositions(long checkpointId) {
      return splits.positions();
    }

    @Override
    public void close() {
    }
  }
}
