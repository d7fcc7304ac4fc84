package dev.weir.sdk.checkpoint;

import dev.weir.sdk.checkpoint.CorruptCheckpointException;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Passes a blob's bytes through while checking them against its {@link StateHandle}: the CRC32C
 * is checked by the read that completes the expected length, and the end of the data must come
 * exactly there. Every store's {@code openBlob(StateHandle)} returns one of these, so all stores
 * verify alike.
 */
public final class VerifyingInputStream extends InputStream {

  private final InputStream in;
  private final StateHandle handle;
  private final String where;
  private final CRC32C crc = new CRC32C();
  private long count;

  /**
   * Wraps {@code in}, the raw bytes of {@code handle}; {@code where} (e.g. a file name, or an
   * empty string) is added to the location in error messages.
   */
  public VerifyingInputStream(InputStream in, StateHandle handle, String where) {
    this.in = Objects.requireNonNull(in, "in");
    this.handle = Objects.requireNonNull(handle, "handle");
    this.where = Objects.requireNonNull(where, "where");
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, len);
    if (n < 0) {
      if (count < handle.length()) {
        throw corrupt("truncated: the data ends after " + count + " of " + handle.length()
            + " bytes");
      }
      if (handle.length() == 0) {
        checkChecksum();
      }
      return -1;
    }
    crc.update(b, off, n);
    long before = count;
    count += n;
    if (count > handle.length()) {
      throw corrupt("longer than its handle says: more than " + handle.length() + " bytes");
    }
    if (count == handle.length() && before < count) {
      checkChecksum();
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Called once the full length has been read; an empty blob is checked at its end-of-data. */
  private void checkChecksum() throws CorruptCheckpointException {
    if (crc.getValue() != handle.checksum()) {
      throw corrupt(String.format("CRC32C is 0x%08x, the handle says 0x%08x",
          crc.getValue(), handle.checksum()));
    }
  }

  private CorruptCheckpointException corrupt(String detail) {
    String location = where.isEmpty() ? handle.location() : handle.location() + " (" + where + ")";
    return new CorruptCheckpointException(handle.jobId(), handle.checkpointId(), location, detail);
  }
}
