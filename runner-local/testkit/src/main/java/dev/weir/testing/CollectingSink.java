package dev.weir.testing;

import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A sink that collects what a job outputs, with two-phase commit: records become visible in
 * {@link #results()} only when the checkpoint that covers them completes (or at the end of
 * a job without checkpoints), so a test sees exactly-once output, as an external reader
 * would.
 *
 * <pre>{@code
 * CollectingSink<KV<String, Long>> out = CollectingSink.create();
 * stream.write("out", out);
 * WeirTest.run(pipeline);
 * assertThat(out.latestByKey()).containsEntry("a", 2L);
 * }</pre>
 *
 * <h2>In other processes</h2>
 * {@link #create()} keeps records in this object, so the job must run in this JVM. For a job
 * whose subtasks run in other processes (workers of the distributed runner), each process makes
 * its own sink with {@link #inDirectory(Path, Coder)} on the same directory: a writer encodes its
 * records with the coder into a staged file per checkpoint and moves it into the directory's
 * committed files when the checkpoint completes (as a file sink does), and the test's sink
 * reads the committed files. The results of that form are in checkpoint order, then by subtask.
 *
 * <h2>Threading</h2>
 * Thread-safe: writers of all subtasks share one sink; tests read it from their thread.
 *
 * @param <T> the record type
 */
public final class CollectingSink<T> implements Sink<T> {
  private static final java.util.concurrent.atomic.AtomicLong INSTANCES = new java.util.concurrent.atomic.AtomicLong();

  private final String instanceId = "sink" + INSTANCES.incrementAndGet();
  private final List<T> committed = new ArrayList<>();
  private final Map<String, List<T>> prepared = new HashMap<>();
  private final java.util.Set<String> committedIds = new java.util.HashSet<>();
  private long preparedCount;

  /** The directory of the cross-process form, else {@code null}. */
  private final SinkDirectory<T> directory;

  private CollectingSink(SinkDirectory<T> directory) {
    this.directory = directory;
  }

  /** An empty sink that keeps its records in this object (the job runs in this JVM). */
  public static <T> CollectingSink<T> create() {
    return new CollectingSink<>(null);
  }

  /**
   * A sink whose records are files in {@code directory}, encoded with {@code coder}: every
   * process that makes a sink on the same directory writes to and reads the same results,
   * so a test can assert on what a job wrote in other processes. The directory is created if
   * missing; a sink on a fresh directory is empty.
   *
   * @throws java.io.UncheckedIOException if the directory cannot be created
   */
  public static <T> CollectingSink<T> inDirectory(Path directory, Coder<T> coder) {
    return new CollectingSink<>(new SinkDirectory<>(directory, coder));
  }

  @Override
  public SinkWriter<T, String> createWriter(SinkContext context) {
    return directory != null ? directory.writer(context) : new Writer(context);
  }

  /**
   * The committed records (a copy): in commit order, or for a sink {@link #inDirectory in a
   * directory} in checkpoint order, then by subtask.
   */
  public synchronized List<T> results() {
    return directory != null ? directory.committed() : new ArrayList<>(committed);
  }

  /** Number of committed records. */
  public synchronized int size() {
    return directory != null ? directory.committed().size() : committed.size();
  }

  /**
   * For a changelog of {@code KV}s (the output of {@code count}, {@code reduce}, ...): the
   * last committed value of each key.
   */
  @SuppressWarnings("unchecked")
  public synchronized <K, V> Map<K, V> latestByKey() {
    Map<K, V> latest = new LinkedHashMap<>();
    for (T t : results()) {
      if (!(t instanceof KV<?, ?> kv)) {
        throw new IllegalStateException("latestByKey() needs KV records, got " + t);
      }
      latest.put((K) kv.key(), (V) kv.value());
    }
    return latest;
  }

  /** Waits until at least {@code n} records are committed. */
  public synchronized List<T> awaitSize(int n, Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (directory != null) {
      return directory.awaitSize(n, deadline, timeout);
    }
    while (committed.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("expected at least " + n + " committed records within "
            + timeout + ", have " + committed.size() + ": " + committed);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return new ArrayList<>(committed);
  }

  private synchronized void prepare(String id, List<T> records) {
    prepared.put(id, records);
    preparedCount += records.size();
  }

  private synchronized void commit(String id) {
    if (!id.startsWith(instanceId + "/")) {
      // A transaction of another CollectingSink (an earlier run of the job, restored from its
      // checkpoint): that sink already holds its records.
      return;
    }
    if (committedIds.contains(id)) {
      return;
    }
    List<T> records = prepared.remove(id);
    if (records == null) {
      throw new IllegalStateException("commit of unknown transaction " + id);
    }
    committedIds.add(id);
    committed.addAll(records);
    notifyAll();
  }

  /** One subtask's writer; committables are transaction ids. */
  private final class Writer implements SinkWriter<T, String> {
    private final String prefix;
    private List<T> staged = new ArrayList<>();

    Writer(SinkContext context) {
      this.prefix = instanceId + "/" + context.stepName() + "/" + context.subtaskIndex() + "/"
          + context.attempt() + "/";
    }

    @Override
    public Coder<String> committableCoder() {
      return Types.STRING;
    }

    @Override
    public void write(T value, long timestamp) {
      staged.add(value);
    }

    @Override
    public String prepareCommit(long checkpointId) {
      if (staged.isEmpty()) {
        return null;
      }
      String id = prefix + checkpointId;
      prepare(id, staged);
      staged = new ArrayList<>();
      return id;
    }

    @Override
    public void commit(String committable) {
      CollectingSink.this.commit(committable);
    }

    /**
     * Drops staged records. Prepared transactions stay: one may belong to a checkpoint that
     * completed just before the failure and is committed again on restore; the others are
     * never committed and stay invisible.
     */
    @Override
    public void abort() {
      staged = new ArrayList<>();
    }
  }
}
