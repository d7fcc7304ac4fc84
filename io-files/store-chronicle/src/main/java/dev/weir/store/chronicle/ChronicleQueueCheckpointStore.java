package dev.weir.store.chronicle;

import dev.weir.store.chronicle.internal.ChronicleJvmFlags;
import dev.weir.store.chronicle.internal.JobDirectoryNames;
import dev.weir.store.chronicle.internal.JobJournal;
import dev.weir.store.chronicle.internal.JournalConfig;
import dev.weir.sdk.checkpoint.BlobNotFoundException;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A {@link CheckpointStore} that journals checkpoints into Chronicle Queue files in a directory.
 * The {@code weir} CLI and the demos use it by default; the local runner itself has no default
 * store (a job without {@code LocalRunner.Builder.checkpointStore(...)} takes no checkpoints).
 *
 * <pre>{@code
 * try (CheckpointStore store = ChronicleQueueCheckpointStore.open(Path.of("weir-data/checkpoints"))) {
 *   ...
 * }
 * // or, with a shorter roll period so retention frees disk sooner:
 * CheckpointStore store = ChronicleQueueCheckpointStore.builder(dir)
 *     .rollPeriod(Duration.ofMinutes(5)).build();
 * }</pre>
 *
 * <h2>Layout</h2>
 * Each job has its own queue in a subdirectory named after the job id ({@code %XX}-escaped
 * beyond letters, digits, {@code _} and {@code -}). A blob is appended as chunk documents of at
 * most {@linkplain Builder#chunkSize(int) 1 MiB}, a manifest as one document after the blobs it
 * references. A {@link StateHandle#location()} is {@code "cq:<cycle>:<sequence>"}, the queue
 * index of the blob's first chunk, so a read seeks straight to it. Opening a job's journal
 * (on first use) scans its documents to rebuild the list of complete checkpoints.
 *
 * <h2>Retention</h2>
 * {@link #discard} appends a marker naming the discarded checkpoints, then deletes every
 * roll-cycle file that holds no retained manifest, no chunk of a blob a retained manifest
 * references, and no chunk of an attempt newer than every manifest; the file being appended to
 * is never deleted. Disk use is therefore the retained checkpoints plus up to about one roll
 * period of writes: choose the {@linkplain Builder#rollPeriod(Duration) roll period} to match.
 *
 * <h2>Threading and processes</h2>
 * Thread-safe. One store instance at a time may use a directory: {@link #open} takes a file
 * lock and refuses a directory that another instance holds.
 *
 * <h2>JVM flags</h2>
 * Chronicle Queue needs {@code --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
 * --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
 * --add-exports=java.base/sun.nio.ch=ALL-UNNAMED} and {@code -Dchronicle.analytics.disable=true}
 * on Java 17. {@link Builder#build()} checks that the JVM has the three module flags and
 * otherwise fails with a message that prints the flags to add.
 *
 * <h2>Damaged directories</h2>
 * Opening a job's journal (on its first use) first checks that every {@code .cq4} file in the
 * job's directory is a queue file, and fails with a {@link CorruptQueueFileException} naming
 * the file otherwise.
 */
public final class ChronicleQueueCheckpointStore implements CheckpointStore {

  private static final String LOCK_FILE = ".weir-store.lock";

  private final Path root;
  private final JournalConfig config;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, JobJournal> journals = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ChronicleQueueCheckpointStore(Path root, JournalConfig config) throws IOException {
    this.root = root;
    this.config = config;
    Files.createDirectories(root);
    this.lockChannel = FileChannel.open(root.resolve(LOCK_FILE),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      acquired = null;
    }
    if (acquired == null) {
      lockChannel.close();
      throw new IOException("checkpoint directory " + root + " is in use by another "
          + "ChronicleQueueCheckpointStore; close that store first or use another directory");
    }
    this.lock = acquired;
  }

  /** Opens the store in {@code dir} (created if missing) with the default settings. */
  public static ChronicleQueueCheckpointStore open(Path dir) throws IOException {
    return builder(dir).build();
  }

  /** A builder for a store in {@code dir}. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** The store's directory. */
  public Path directory() {
    return root;
  }

  @Override
  public BlobWriter openBlob(String jobId, long checkpointId) throws IOException {
    return journal(jobId, true).openBlob(checkpointId);
  }

  @Override
  public InputStream openBlob(StateHandle handle) throws IOException {
    Objects.requireNonNull(handle, "handle");
    JobJournal journal = journal(handle.jobId(), false);
    if (journal == null) {
      throw new BlobNotFoundException(handle, "the checkpoint store " + root,
          "the store has no data of job '" + handle.jobId() + "'");
    }
    return journal.openBlob(handle);
  }

  @Override
  public void writeManifest(CheckpointManifest manifest) throws IOException {
    Objects.requireNonNull(manifest, "manifest");
    journal(manifest.jobId(), true).writeManifest(manifest);
  }

  @Override
  public List<CheckpointManifest> listCheckpoints(String jobId) throws IOException {
    JobJournal journal = journal(jobId, false);
    return journal == null ? List.of() : journal.listed();
  }

  @Override
  public Optional<CheckpointManifest> manifest(String jobId, long checkpointId)
      throws IOException {
    JobJournal journal = journal(jobId, false);
    return journal == null ? Optional.empty() : journal.listed(checkpointId);
  }

  /** Opens (or creates) the job's queue now, so the first checkpoint does not wait for it. */
  @Override
  public void prepare(String jobId) throws IOException {
    journal(jobId, true);
  }

  @Override
  public long highestCheckpointId(String jobId) throws IOException {
    JobJournal journal = journal(jobId, false);
    return journal == null ? 0 : journal.highestCheckpointId();
  }

  /**
   * {@inheritDoc} This store works out itself which blobs are garbage, so
   * {@code unreferencedHandles} is not needed; space is freed a roll-cycle file at a time.
   */
  @Override
  public void discard(String jobId, Collection<Long> checkpointIds,
      Collection<StateHandle> unreferencedHandles) throws IOException {
    Objects.requireNonNull(checkpointIds, "checkpointIds");
    Objects.requireNonNull(unreferencedHandles, "unreferencedHandles");
    JobJournal journal = journal(jobId, false);
    if (journal != null) {
      journal.discard(checkpointIds);
    }
  }

  @Override
  public List<String> jobs() throws IOException {
    ensureOpen();
    List<String> ids = new ArrayList<>();
    try (Stream<Path> entries = Files.list(root)) {
      entries.filter(Files::isDirectory)
          .forEach(p -> JobDirectoryNames.decode(p.getFileName().toString()).ifPresent(ids::add));
    }
    ids.sort(null);
    return ids;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    journals.values().forEach(JobJournal::close);
    journals.clear();
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }

  private JobJournal journal(String jobId, boolean create) throws IOException {
    Objects.requireNonNull(jobId, "jobId");
    ensureOpen();
    JobJournal journal = journals.get(jobId);
    if (journal != null) {
      return journal;
    }
    synchronized (this) {
      ensureOpen();
      journal = journals.get(jobId);
      if (journal == null) {
        Path dir = root.resolve(JobDirectoryNames.encode(jobId));
        if (!create && !Files.isDirectory(dir)) {
          return null;
        }
        journal = JobJournal.open(dir, jobId, config);
        journals.put(jobId, journal);
      }
      return journal;
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the checkpoint store " + root + " is closed");
    }
  }

  /**
   * Settings of a {@link ChronicleQueueCheckpointStore}.
   *
   * <p>Defaults: roll period 1 minute, the system UTC clock, chunks of 1 MiB.
   */
  public static final class Builder {
    private final Path dir;
    private Duration rollPeriod = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private int chunkSize = 1 << 20;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * How often the journal starts a new file; retention deletes whole files. One of 1 s,
     * 1, 5, 10, 20 or 30 min, 1, 2, 4 or 6 h, or 1 day. A journal keeps the period it was
     * created with.
     */
    public Builder rollPeriod(Duration period) {
      RollPeriods.of(Objects.requireNonNull(period, "period"));
      this.rollPeriod = period;
      return this;
    }

    /** The clock that decides which roll-cycle file a document goes to; for tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The largest payload of one chunk document, from 4 KiB to 64 MiB; default 1 MiB. */
    public Builder chunkSize(int bytes) {
      if (bytes < 4096 || bytes > 64 << 20) {
        throw new IllegalArgumentException("chunkSize must be from 4096 to " + (64 << 20)
            + " bytes, was " + bytes);
      }
      this.chunkSize = bytes;
      return this;
    }

    /**
     * Opens the store.
     *
     * @throws dev.weir.sdk.WeirException if the JVM lacks the flags Chronicle Queue needs (the
     *     message prints them for {@code java}, surefire's {@code argLine} and Maven)
     * @throws IOException if the directory cannot be created or another store instance uses it
     */
    public ChronicleQueueCheckpointStore build() throws IOException {
      ChronicleJvmFlags.check("the checkpoint store in " + dir);
      Clock c = clock;
      return new ChronicleQueueCheckpointStore(dir,
          new JournalConfig(RollPeriods.of(rollPeriod), c::millis, chunkSize));
    }
  }
}
