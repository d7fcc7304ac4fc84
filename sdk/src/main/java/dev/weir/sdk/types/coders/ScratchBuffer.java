package dev.weir.sdk.types.coders;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte sink whose contents can be read in place, so that hashing an encoding does
 * not copy it. Not thread-safe: each instance belongs to one thread (see {@link Scratch}).
 */
final class ScratchBuffer extends OutputStream {

  /** Buffers larger than this are dropped on {@link #reset()} so threads do not pin memory. */
  private static final int RETAINED_LIMIT = 64 * 1024;
  private static final int INITIAL_SIZE = 256;

  private byte[] bytes = new byte[INITIAL_SIZE];
  private int size;

  @Override
  public void write(int b) {
    ensureCapacity(size + 1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] source, int offset, int length) {
    ensureCapacity(size + length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  /** The backing array; only the first {@link #size()} bytes are meaningful. */
  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  void reset() {
    size = 0;
    if (bytes.length > RETAINED_LIMIT) {
      bytes = new byte[INITIAL_SIZE];
    }
  }

  private void ensureCapacity(int needed) {
    if (needed < 0) {
      throw new IllegalStateException("encoding exceeds 2 GiB");
    }
    if (needed > bytes.length) {
      int grown = Math.max(needed, bytes.length << 1);
      bytes = Arrays.copyOf(bytes, grown < 0 ? Integer.MAX_VALUE - 8 : grown);
    }
  }
}
