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

  /** Reads pushed record {@code i} through {@link ModuloSplits}. */
  private final class Reader extends ModuloSplitReader<T> {

    Reader(SourceContext context) {
      super(context);
    }

    /**
     * Copies up to 256 due records under the source's lock and emits them outside it: an
     * emit may block on a full channel, and other subtasks' readers need the lock meanwhile.
     */
    @Override
    public ReadStatus read(SourceOutput<T> output) {
      List<T> values = new ArrayList<>();
      List<Long> times = new ArrayList<>();
      List<ModuloSplits.Split> owners = new ArrayList<>();
      boolean more = false;
      boolean ended;
      synchronized (PushSource.this) {
        for (ModuloSplits.Split s : splits.all()) {
          long index = s.nextIndex();
          long step = 0;
          while (index < records.size() && values.size() < 256) {
            values.add(records.get((int) index));
            times.add(timestamps.get((int) index));
            owners.add(s);
            step++;
            index = s.nextIndex() + step * s.stride();
          }
          more |= index < records.size();
        }
        ended = finished;
      }
      for (int i = 0; i < values.size(); i++) {
        output.emit(values.get(i), times.get(i)); // Long.MIN_VALUE: no timestamp
        owners.get(i).advance();
      }
      if (more || !values.isEmpty()) {
        return ReadStatus.MORE_AVAILABLE;
      }
      return ended ? ReadStatus.END_OF_INPUT : ReadStatus.NOTHING_AVAILABLE;
    }
  }
}
