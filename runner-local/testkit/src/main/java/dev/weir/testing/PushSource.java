package dev.weir.testing;

import dev.weir.sdk.io.ModuloSplits;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * <h2>In other processes</h2>
 * {@link #create(Coder)} keeps records in this object, so the job must run in this JVM. For a
 * job whose subtasks run in other processes, each process makes its own source with
 * {@link #inDirectory(Path, Coder)} on the same directory: {@link #push} and {@link #finish}
 * write files there (a batch of records encoded with the coder per call, moved into place
 * whole), and the readers in every process read the batches in order.
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
  /** The batches of the cross-process form, else {@code null}. */
  private final PushDirectory<T> directory;
  private boolean finished;

  private PushSource(Coder<T> coder, PushDirectory<T> directory) {
    this.coder = Objects.requireNonNull(coder, "coder");
    this.directory = directory;
  }

  /** An empty source that keeps its records in this object (the job runs in this JVM). */
  public static <T> PushSource<T> create(Coder<T> coder) {
    return new PushSource<>(coder, null);
  }

  /**
   * A source whose records are files in {@code directory}, encoded with {@code coder}: what one
   * process pushes, the readers of a source on the same directory in any process read. The
   * directory is created if missing.
   *
   * @throws java.io.UncheckedIOException if the directory cannot be created
   */
  public static <T> PushSource<T> inDirectory(Path directory, Coder<T> coder) {
    return new PushSource<>(coder, new PushDirectory<>(directory, coder));
  }

  /** Appends records without timestamps. */
  @SafeVarargs
  public final synchronized void push(T... values) {
    checkOpen();
    List<Long> times = new ArrayList<>();
    for (T v : values) {
      times.add(Long.MIN_VALUE);
    }
    append(List.of(values), times);
  }

  /** Appends one record with an event timestamp. */
  public synchronized void pushAt(T value, long timestamp) {
    checkOpen();
    append(List.of(value), List.of(timestamp));
  }

  private void append(List<T> values, List<Long> times) {
    if (directory != null) {
      directory.append(values, times);
    } else {
      records.addAll(values);
      timestamps.addAll(times);
    }
  }

  /** Ends the input once every pushed record was read. */
  public synchronized void finish() {
    if (directory != null && !finished) {
      directory.finish();
    }
    finished = true;
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("push after finish()");
    }
  }

  /**
   * Whether the input is finished and every pushed record is in {@link #records}; in the
   * cross-process form, first loads the batches written since the last call.
   */
  private boolean loadAndCheckFinished() {
    if (directory == null) {
      return finished;
    }
    directory.load(records, timestamps);
    return directory.finishedAndLoaded();
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
        ended = loadAndCheckFinished();
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
