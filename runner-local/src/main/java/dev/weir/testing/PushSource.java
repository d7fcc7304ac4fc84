package dev.weir.testing;

import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * An unbounded source that a test feeds while the job runs; it ends when the test calls
 * {@link #finish()}.
 *
 * <pre>{@code
 * PushSource<String> in = PushSource.create(Types.STRING);
 * PipelineResult r = LocalRunner.create().run(pipelineReading(in));
 * in.push("a", "b");
 * // ... await output, advance a manual clock ...
 * in.finish();
 * r.waitUntilFinish();
 * }</pre>
 *
 * <p>Record {@code i} is read by subtask {@code i % p} (p of the first run). Pushed records
 * are kept, so a restored job — or a new run of the same job with the same source object —
 * continues from its checkpointed position.
 *
 * <h2>Threading</h2>
 * {@link #push} and {@link #finish} may be called from any thread.
 *
 * @param <T> the record type
 */
public final class PushSource<T> implements Source<T> {
  private final Coder<T> coder;
  private final List<T> records = new ArrayList<>();
  private final List<Long> timestamps = new ArrayList<>();
  private boolean finished;

  private PushSource(Coder<T> coder) {
    this.coder = coder;
  }

  /** An empty source. */
  public static <T> PushSource<T> create(Coder<T> coder) {
    return new PushSource<>(coder);
  }

  /** Appends records without timestamps. */
  @SafeVarargs
  public final synchronized void push(T... values) {
    checkOpen();
    for (T v : values) {
      records.add(v);
      timestamps.add(Long.MIN_VALUE);
    }
  }

  /** Appends one record with an event timestamp. */
  public synchronized void pushAt(T value, long timestamp) {
    checkOpen();
    records.add(value);
    timestamps.add(timestamp);
  }

  /** Ends the input once every pushed record was read. */
  public synchronized void finish() {
    finished = true;
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("push after finish()");
    }
  }

  @Override
  public Coder<T> coder() {
    return coder;
  }

  @Override
  public boolean isBounded() {
    return false;
  }

  @Override
  public SourceReader<T, List<Long>> createReader(SourceContext context) {
    return new Reader(context);
  }

  /**
   * Position entries are {@code [split, splitCount, next index within the split]}; split
   * {@code s} of {@code n} reads records {@code s, s+n, s+2n, ...}. A fresh reader owns split
   * {@code subtask} of {@code parallelism}; a restored reader owns the restored splits
   * {@code s} with {@code s % parallelism == subtask}.
   */
  private final class Reader implements SourceReader<T, List<Long>> {
    private final SourceContext context;
    private final List<long[]> splits = new ArrayList<>();

    Reader(SourceContext context) {
      this.context = context;
    }

    @Override
    public Coder<List<Long>> positionCoder() {
      return Types.list(Types.LONG);
    }

    @Override
    public void open(List<List<Long>> restored) {
      if (restored.isEmpty()) {
        splits.add(new long[] {context.subtaskIndex(), context.parallelism(), 0});
      }
      for (List<Long> e : restored) {
        if (e.get(0) % context.parallelism() == context.subtaskIndex()) {
          splits.add(new long[] {e.get(0), e.get(1), e.get(2)});
        }
      }
    }

    /**
     * Copies up to 256 due records under the source's lock and emits them outside it: an
     * emit may block on a full channel, and other subtasks' readers need the lock meanwhile.
     */
    @Override
    public ReadStatus read(SourceOutput<T> output) {
      List<T> values = new ArrayList<>();
      List<Long> times = new ArrayList<>();
      List<long[]> owners = new ArrayList<>();
      boolean more = false;
      boolean ended;
      synchronized (PushSource.this) {
        for (long[] s : splits) {
          long index = s[0] + s[2] * s[1];
          long taken = 0;
          while (index < records.size() && values.size() < 256) {
            values.add(records.get((int) index));
            times.add(timestamps.get((int) index));
            owners.add(s);
            taken++;
            index += s[1];
          }
          more |= index < records.size();
        }
        ended = finished;
      }
      for (int i = 0; i < values.size(); i++) {
        long ts = times.get(i);
        if (ts == Long.MIN_VALUE) {
          output.emit(values.get(i));
        } else {
          output.emit(values.get(i), ts);
        }
        owners.get(i)[2]++;
      }
      if (more || !values.isEmpty()) {
        return ReadStatus.MORE_AVAILABLE;
      }
      return ended ? ReadStatus.END_OF_INPUT : ReadStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<List<Long>> snapshotPositions(long checkpointId) {
      List<List<Long>> out = new ArrayList<>();
      for (long[] s : splits) {
        out.add(List.of(s[0], s[1], s[2]));
      }
      return out;
    }

    @Override
    public void close() {
    }
  }
}
