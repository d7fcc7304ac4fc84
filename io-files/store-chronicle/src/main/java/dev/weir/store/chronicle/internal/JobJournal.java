package dev.weir.store.chronicle.internal;

import dev.weir.sdk.spi.CheckpointManifestFormat;
import dev.weir.sdk.checkpoint.VerifyingInputStream;
import dev.weir.sdk.checkpoint.BlobNotFoundException;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One job's checkpoint journal: a Chronicle Queue in its own directory holding the job's blob
 * chunks, manifests and discard markers ({@link JournalDocuments}), plus the in-memory
 * {@link JournalIndex} rebuilt by scanning every document on open.
 *
 * <p>All appends and index changes are serialized on this object; one appender serves every
 * thread. Reads use their own tailers and touch the lock only to look the blob up. Retention
 * deletes whole roll-cycle files, never the one being appended to.
 */
public final class JobJournal implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobJournal.class);

  private final Path dir;
  private final String jobId;
  private final JournalConfig config;
  private final SingleChronicleQueue queue;
  private final RollCycle rollCycle;
  private final ExcerptAppender appender;
  private final JournalIndex index;
  private final Map<Integer, File> cycleFiles = new HashMap<>();
  private boolean closed;

  private JobJournal(Path dir, String jobId, JournalConfig config) {
    this.dir = dir;
    this.jobId = jobId;
    this.config = config;
    this.queue = ChronicleQueue.singleBuilder(dir).rollCycle(config.rollCycle())
        .timeProvider(config.time()).blockSize(config.blockSize()).build();
    this.rollCycle = queue.rollCycle();
    this.appender = queue.createAppender();
    appender.singleThreadedCheckDisabled(true);
    this.index = new JournalIndex(this::startIndexOf);
  }

  /**
   * Opens (creating if needed) the journal of {@code jobId} in {@code dir} and scans it.
   *
   * @throws dev.weir.store.chronicle.CorruptQueueFileException if a {@code .cq4} file in {@code dir}
   *     is not a queue file
   */
  public static JobJournal open(Path dir, String jobId, JournalConfig config) throws IOException {
    Files.createDirectories(dir);
    QueueFileCheck.checkAll(dir, jobId);
    JobJournal journal;
    try {
      journal = new JobJournal(dir, jobId, config);
    } catch (RuntimeException e) {
      throw new IOException("cannot open the checkpoint journal of job '" + jobId + "' in "
          + dir + ": " + e, e);
    }
    try {
      journal.scan();
    } catch (IOException | RuntimeException e) {
      journal.close();
      throw e instanceof IOException io ? io : new IOException("cannot read the checkpoint "
          + "journal of job '" + jobId + "' in " + dir + ": " + e, e);
    }
    return journal;
  }

  /** Starts a blob of {@code checkpointId}. */
  public BlobWriter openBlob(long checkpointId) throws IOException {
    ensureOpen();
    return new JournalBlobWriter(this, jobId, checkpointId, config.chunkSize());
  }

  /** Opens the blob of {@code handle} for reading, verified. */
  public InputStream openBlob(StateHandle handle) throws IOException {
    long start = startIndexOf(handle.location());
    int cycle;
    synchronized (this) {
      ensureOpen();
      if (start < 0 || index.completeBlob(start, handle.checkpointId()).isEmpty()) {
        throw new BlobNotFoundException(handle, "the journal " + dir,
            "it was discarded, never finished, or belongs to another store");
      }
      cycle = rollCycle.toCycle(start);
    }
    String where = String.valueOf(cycleFiles(cycle));
    ExcerptTailer tailer = queue.createTailer();
    tailer.singleThreadedCheckDisabled(true);
    if (!tailer.moveToIndex(start)) {
      tailer.close();
      throw new BlobNotFoundException(handle, where, "the queue has no document at its index");
    }
    return new VerifyingInputStream(
        new JournalBlobInputStream(tailer, handle, start, where), handle, where);
  }

  /** Appends a manifest after checking that every blob it references is here and complete. */
  public synchronized void writeManifest(CheckpointManifest manifest) throws IOException {
    ensureOpen();
    if (index.hasManifest(manifest.checkpointId())) {
      throw new IllegalStateException(manifest.describe() + " already has a manifest");
    }
    for (StateHandle handle : manifest.referencedHandles()) {
      long start = startIndexOf(handle.location());
      Optional<JournalIndex.BlobEntry> blob = start < 0 || !handle.jobId().equals(jobId)
          ? Optional.empty() : index.completeBlob(start, handle.checkpointId());
      if (blob.isEmpty() || blob.get().length != handle.length()) {
        throw new IllegalArgumentException(manifest.describe() + " references "
            + handle.describe() + ", which the journal " + dir + " does not hold");
      }
    }
    byte[] payload = CheckpointManifestFormat.encode(manifest);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    long at = append((out, self) -> JournalDocuments.writeManifest(
        out, manifest.checkpointId(), (int) crc.getValue(), payload));
    index.manifest(manifest.checkpointId(), manifest, rollCycle.toCycle(at));
  }

  /** The complete, not discarded checkpoints, by id. */
  public synchronized List<CheckpointManifest> listed() throws IOException {
    ensureOpen();
    return index.listed();
  }

  /** The manifest of {@code checkpointId} if it is listed. */
  public synchronized Optional<CheckpointManifest> listed(long checkpointId) throws IOException {
    ensureOpen();
    return index.listed(checkpointId);
  }

  /** The highest checkpoint id in any document still on disk or in the latest marker. */
  public synchronized long highestCheckpointId() throws IOException {
    ensureOpen();
    return index.highestSeen();
  }

  /**
   * Records the discard durably (a marker naming every discarded checkpoint whose manifest is
   * still on disk), then deletes the roll-cycle files retention no longer needs.
   */
  public synchronized void discard(Collection<Long> checkpointIds) throws IOException {
    ensureOpen();
    List<Long> ids = index.discardedAfter(checkpointIds);
    long highest = index.highestSeen();
    long at = append((out, self) -> JournalDocuments.writeDiscard(out, highest, ids));
    index.discardMarker(ids, highest, rollCycle.toCycle(at));
    NavigableSet<Integer> deletable = index.deletableCycles(queue.lastCycle());
    if (deletable.isEmpty()) {
      return;
    }
    for (int cycle : deletable) {
      File file = cycleFiles.remove(cycle);
      if (file != null) {
        Files.deleteIfExists(file.toPath());
        LOG.debug("deleted {} of job '{}': no retained checkpoint needs it", file, jobId);
      }
    }
    index.forgetCycles(deletable);
    queue.refreshDirectoryListing();
  }

  /** Appends one chunk; returns the blob's start index (this chunk's, if it is the first). */
  synchronized long appendChunk(long checkpointId, long blobStart, int chunkNo, boolean last,
      byte[] payload, int length) throws IOException {
    ensureOpen();
    long at = append((out, self) -> {
      JournalDocuments.writeChunkHeader(
          out, checkpointId, blobStart < 0 ? self : blobStart, chunkNo, last, length);
      out.write(payload, 0, length);
    });
    long start = blobStart < 0 ? at : blobStart;
    index.chunk(start, checkpointId, rollCycle.toCycle(at), chunkNo, length, last);
    return start;
  }

  /** The location string of the blob starting at queue index {@code blobStart}. */
  String location(long blobStart) {
    return "cq:" + rollCycle.toCycle(blobStart) + ":" + rollCycle.toSequenceNumber(blobStart);
  }

  /** The queue index a location of this journal names, or -1. */
  long startIndexOf(String location) {
    String[] parts = location.split(":");
    if (parts.length != 3 || !parts[0].equals("cq")) {
      return -1;
    }
    long index;
    try {
      index = rollCycle.toIndex(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      return -1;
    }
    return location(index).equals(location) ? index : -1; // only the canonical spelling
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      appender.close();
      queue.close();
    }
  }

  /** Writes a document's bytes; {@code index} is the queue index the document gets. */
  private interface DocumentBody {
    void write(Bytes<?> out, long index);
  }

  /** Appends one document; returns its index. Caller holds the lock. */
  private long append(DocumentBody body) throws IOException {
    long at;
    try (DocumentContext dc = appender.writingDocument()) {
      at = dc.index();
      body.write(dc.wire().bytes(), at);
    } catch (RuntimeException e) {
      throw new IOException("cannot append to the checkpoint journal " + dir + ": " + e, e);
    }
    cycleFiles.computeIfAbsent(rollCycle.toCycle(at), c -> appender.currentFile());
    return at;
  }

  private synchronized File cycleFiles(int cycle) {
    return cycleFiles.get(cycle);
  }

  private void scan() throws IOException {
    JournalScanner.scan(queue, jobId, dir, index, cycleFiles);
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the checkpoint journal " + dir + " is closed");
    }
  }
}
