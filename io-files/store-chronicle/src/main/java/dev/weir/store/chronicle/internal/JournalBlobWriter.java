package dev.weir.store.chronicle.internal;

import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;

/**
 * Streams one blob into the journal as chunk documents of at most the configured chunk size.
 * A full buffer is written only when more bytes follow, so the last chunk (flagged as such) is
 * empty only for an empty blob. The buffer starts small and grows up to the chunk size, so a
 * tiny blob costs a tiny buffer.
 */
final class JournalBlobWriter extends BlobWriter {

  private final JobJournal journal;
  private final int chunkSize;
  private byte[] buffer;
  private int fill;
  private long blobStart = -1;
  private int chunkNo;

  JournalBlobWriter(JobJournal journal, String jobId, long checkpointId, int chunkSize) {
    super(jobId, checkpointId);
    this.journal = journal;
    this.chunkSize = chunkSize;
    this.buffer = new byte[Math.min(chunkSize, 8192)];
  }

  @Override
  protected void append(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (fill == buffer.length) {
        if (buffer.length < chunkSize) {
          buffer = java.util.Arrays.copyOf(buffer, Math.min(chunkSize, buffer.length * 2));
        } else {
          flush(false);
        }
      }
      int n = Math.min(len, buffer.length - fill);
      System.arraycopy(b, off, buffer, fill, n);
      fill += n;
      off += n;
      len -= n;
    }
  }

  @Override
  protected StateHandle complete(long length, long checksum) throws IOException {
    flush(true);
    buffer = null;
    return new StateHandle(jobId(), checkpointId(), journal.location(blobStart), length, checksum);
  }

  @Override
  protected void abort() {
    buffer = null; // chunks already appended stay behind as garbage until retention
  }

  private void flush(boolean last) throws IOException {
    blobStart = journal.appendChunk(checkpointId(), blobStart, chunkNo++, last, buffer, fill);
    fill = 0;
  }
}
