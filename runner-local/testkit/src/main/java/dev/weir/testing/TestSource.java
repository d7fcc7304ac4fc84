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
 * TestSource<String> scripted = TestSource.builder(Types.STRING)
 *     .add("a", 1_000).add("b", 5_000)
 *     .advanceWatermarkTo(10_000)            // windows ending by 10 s fire here
 *     .add("late", 3_000)                   // behind the watermark: late
 *     .build();
 * TestSource<Long> many = TestSource.sequence(1_000_000);
 * }</pre>
 *
 * <p>Record {@code i} is read by subtask {@code i % p} at the parallelism {@code p} of the
 * first run; a restored job keeps that split even if its parallelism changed.
 *
 * <h2>Scripted watermarks</h2>
 * {@link Builder#advanceWatermarkTo(long)} makes the source emit a watermark at that point of
 * the script, as Beam's {@code TestStream} does, so event-time tests need no
 * {@code assignTimestampsAndWatermarks} step and no invented tick records (do not add such a
 * step: it replaces the source's watermarks with its own). Each subtask emits a scripted
 * watermark once it has emitted its own records that come before it in the script; a
 * downstream task's watermark is the minimum over its inputs, so with parallelism 1 the
 * watermark moves exactly where the script says and a record after it is late exactly when
 * the script says. A restored reader re-emits the watermark due at its position first.
 *
 * @param <T> the record type
 */
public final class TestSource<T> implements Source<T> {
  private static final int RECORDS_PER_READ = 256;

  private final Coder<T> coder;
  private final long size;
  private final LongFunction<T> valueAt;
  private final long[] timestamps;
  /** Scripted watermarks: {@code watermarks[j]} is due once the records before {@code marks[j]} are read. */
  private final long[] marks;
  private final long[] watermarks;

  private TestSource(Coder<T> coder, long size, LongFunction<T> valueAt, long[] timestamps) {
    this(coder, size, valueAt, timestamps, new long[0], new long[0]);
  }

  private TestSource(Coder<T> coder, long size, LongFunction<T> valueAt, long[] timestamps,
      long[] marks, long[] watermarks) {
    this.coder = coder;
    this.size = size;
    this.valueAt = valueAt;
    this.timestamps = timestamps;
    this.marks = marks;
    this.watermarks = watermarks;
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
   * The watermark scripted before record {@code index}: the largest one due once the records
   * before {@code index} are read ({@code Long.MIN_VALUE} if none).
   */
  private long watermarkBefore(long index) {
    long due = Long.MIN_VALUE;
    for (int j = 0; j < marks.length && marks[j] <= index; j++) {
      due = watermarks[j];
    }
    return due;
  }

  /**
   * Builds a {@link TestSource} record by record, with event timestamps and scripted
   * watermarks.
   *
   * @param <T> the record type
   */
  public static final class Builder<T> {
    private final Coder<T> coder;
    private final List<T> values = new ArrayList<>();
    private final List<Long> timestamps = new ArrayList<>();
    private final List<Long> marks = new ArrayList<>();
    private final List<Long> watermarks = new ArrayList<>();

    private Builder(Coder<T> coder) {
      this.coder = Objects.requireNonNull(coder, "coder");
    }

    /** Adds a record with an event timestamp in epoch milliseconds. */
    public Builder<T> add(T value, long timestamp) {
      values.add(Objects.requireNonNull(value, "value"));
      timestamps.add(timestamp);
      return this;
    }

    /**
     * Scripts a watermark here: once the records added so far are read, no record with a
     * timestamp below {@code watermark} is expected; windows ending by then fire, and records
     * added after this call with smaller timestamps are late. See the class comment for
     * parallelism above 1.
     *
     * @throws IllegalArgumentException if {@code watermark} is not above the previous scripted
     *     one (watermarks only advance), or is {@code Long.MAX_VALUE - 1} or more (reserved; the
     *     end of a bounded input already fires everything)
     */
    public Builder<T> advanceWatermarkTo(long watermark) {
      if (watermark >= Long.MAX_VALUE - 1) {
        throw new IllegalArgumentException("advanceWatermarkTo(" + watermark + "): the largest "
            + "scripted watermark is " + (Long.MAX_VALUE - 2) + "; the end of the input fires every "
            + "window anyway");
      }
      if (!watermarks.isEmpty() && watermark <= watermarks.get(watermarks.size() - 1)) {
        throw new IllegalArgumentException("advanceWatermarkTo(" + watermark + ") after "
            + "advanceWatermarkTo(" + watermarks.get(watermarks.size() - 1) + "): watermarks only "
            + "advance; script a larger one");
      }
      marks.add((long) values.size());
      watermarks.add(watermark);
      return this;
    }

    /** The source. */
    public TestSource<T> build() {
      List<T> copy = List.copyOf(values);
      return new TestSource<>(coder, copy.size(), i -> copy.get((int) i),
          timestamps.stream().mapToLong(Long::longValue).toArray(),
          marks.stream().mapToLong(Long::longValue).toArray(),
          watermarks.stream().mapToLong(Long::longValue).toArray());
    }
  }

  /** Reads record {@code i} through {@link ModuloSplits}. */
  private final class Reader extends ModuloSplitReader<T> {
    private int current;
    private long emittedWatermark = Long.MIN_VALUE;

    Reader(SourceContext context) {
      super(context);
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
        emitDueWatermark(output);
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
      emitDueWatermark(output);
      return ReadStatus.END_OF_INPUT;
    }

    /**
     * Emits the scripted watermark due at this reader's position, if it moved: the smallest
     * over its splits of the watermark before each split's next record (all of them once a
     * split is read to its end).
     */
    private void emitDueWatermark(SourceOutput<T> output) {
      if (marks.length == 0) {
        return;
      }
      long due = Long.MAX_VALUE;
      for (ModuloSplits.Split s : splits.all()) {
        due = Math.min(due, watermarkBefore(Math.min(s.nextIndex(), size)));
      }
      if (due > emittedWatermark && due != Long.MAX_VALUE) {
        emittedWatermark = due;
        output.emitWatermark(due);
      }
    }
  }
}
