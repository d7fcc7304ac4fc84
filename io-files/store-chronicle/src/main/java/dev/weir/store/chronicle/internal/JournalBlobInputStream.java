package dev.weir.store.chronicle.internal;

import dev.weir.sdk.checkpoint.CorruptCheckpointException;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads one blob's chunks from a tailer positioned at its first chunk, skipping documents of
 * other blobs that were written in between. The raw bytes end at the chunk flagged last, or
 * early at the end of the queue (a truncated blob); length and checksum are checked by the
 * {@code VerifyingInputStream} around it.
 */
final class JournalBlobInputStream extends InputStream {

  private final ExcerptTailer tailer;
  private final StateHandle handle;
  private final long blobStart;
  private final String where;
  private byte[] buffer = new byte[0];
  private int pos;
  private int limit;
  private int nextChunk;
  private boolean done;

  JournalBlobInputStream(ExcerptTailer tailer, StateHandle handle, long blobStart, String where) {
    this.tailer = tailer;
    this.handle = handle;
    this.blobStart = blobStart;
    this.where = where;
  }

  @Override
  public int read() throws IOException {
    while (pos == limit) {
      if (done || !nextChunk()) {
        return -1;
      }
    }
    return buffer[pos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (pos == limit) {
      if (done || !nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buffer, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() {
    done = true;
    tailer.close();
  }

  /** Loads the next chunk of this blob; false at the end of the queue. */
  private boolean nextChunk() throws IOException {
    while (true) {
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent()) {
          done = true;
          return false;
        }
        Bytes<?> in = dc.wire().bytes();
        if (!dc.isData() || in.readRemaining() < 1 || in.readByte() != JournalDocuments.CHUNK) {
          continue;
        }
        JournalDocuments.ChunkHeader header = JournalDocuments.readChunkHeader(in);
        if (header == null) {
          throw CorruptCheckpointException.of(handle, "a chunk header near queue index "
              + Long.toHexString(dc.index()) + " is damaged (" + where + ")");
        }
        if (header.blobStart() != blobStart) {
          continue;
        }
        if (header.chunkNo() != nextChunk) {
          throw CorruptCheckpointException.of(handle, "chunk " + nextChunk + " is missing, found "
              + header.chunkNo() + " (" + where + ")");
        }
        if (buffer.length < header.length()) {
          buffer = new byte[header.length()];
        }
        in.read(buffer, 0, header.length());
        pos = 0;
        limit = header.length();
        nextChunk++;
        done = header.last();
        return true;
      } catch (RuntimeException e) {
        throw new IOException("cannot read " + handle.describe() + " (" + where + "): " + e, e);
      }
    }
  }
}
