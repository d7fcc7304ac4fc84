package dev.weir.store.chronicle.internal;

import dev.weir.sdk.spi.CheckpointManifestFormat;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Rebuilds a {@link JournalIndex} by reading every document of a job's queue once, from the
 * first to the last. Chunk payloads are skipped, manifests are checksummed and decoded; a
 * manifest that fails either is logged with its checkpoint id and file and left out of the
 * listing, so a job never restores from it.
 */
final class JournalScanner {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(JournalScanner.class);

  private JournalScanner() {}

  static void scan(SingleChronicleQueue queue, String jobId, Path dir, JournalIndex index,
      Map<Integer, File> cycleFiles) throws IOException {
    RollCycle rollCycle = queue.rollCycle();
    try (ExcerptTailer tailer = queue.createTailer()) {
      tailer.toStart();
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return;
          }
          if (!dc.isData()) {
            continue;
          }
          int cycle = rollCycle.toCycle(dc.index());
          cycleFiles.computeIfAbsent(cycle, c -> tailer.currentFile());
          read(dc.wire().bytes(), cycle, jobId, index, cycleFiles.get(cycle));
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("cannot scan the checkpoint journal of job '" + jobId + "' in "
          + dir + ": " + e, e);
    }
  }

  private static void read(Bytes<?> in, int cycle, String jobId, JournalIndex index, File file) {
    if (in.readRemaining() < 2) {
      return;
    }
    byte type = in.readByte();
    if (type == JournalDocuments.CHUNK) {
      JournalDocuments.ChunkHeader h = JournalDocuments.readChunkHeader(in);
      if (h != null) {
        index.chunk(h.blobStart(), h.checkpointId(), cycle, h.chunkNo(), h.length(), h.last());
      }
    } else if (type == JournalDocuments.MANIFEST) {
      readManifest(in, cycle, jobId, index, file);
    } else if (type == JournalDocuments.DISCARD) {
      in.readByte(); // version
      long highest = in.readLong();
      int count = in.readInt();
      List<Long> ids = new ArrayList<>(count);
      for (int i = 0; i < count && in.readRemaining() >= 8; i++) {
        ids.add(in.readLong());
      }
      index.discardMarker(ids, highest, cycle);
    } else {
      LOG.warn("skipping a document of unknown type {} in {} (job '{}')", type, file, jobId);
    }
  }

  private static void readManifest(Bytes<?> in, int cycle, String jobId, JournalIndex index,
      File file) {
    in.readByte(); // version
    long checkpointId = in.readLong();
    int expectedCrc = in.readInt();
    int length = in.readInt();
    if (length < 0 || length > in.readRemaining()) {
      LOG.warn("the manifest of checkpoint {} of job '{}' in {} is truncated; it is not listed",
          checkpointId, jobId, file);
      index.manifest(checkpointId, null, cycle);
      return;
    }
    byte[] payload = new byte[length];
    in.read(payload);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    CheckpointManifest manifest = null;
    if ((int) crc.getValue() != expectedCrc) {
      LOG.warn("the manifest of checkpoint {} of job '{}' in {} fails its CRC32C check; "
          + "it is not listed", checkpointId, jobId, file);
    } else {
      try {
        manifest = CheckpointManifestFormat.decode(payload);
      } catch (IOException e) {
        LOG.warn("the manifest of checkpoint {} of job '{}' in {} cannot be decoded ({}); "
            + "it is not listed", checkpointId, jobId, file, e.getMessage());
      }
    }
    index.manifest(checkpointId, manifest, cycle);
  }
}
