package dev.weir.runtime.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;

/**
 * An Avro binary encoder that writes straight into a growable byte array: varints are encoded
 * in place, a string of ASCII characters is copied without an intermediate {@code byte[]},
 * and nothing is synchronized or flushed per value. The bytes are exactly Avro's binary
 * encoding, so any Avro reader decodes them.
 *
 * <p>Not thread-safe: one instance per writer.
 */
public final class ArrayEncoder extends BinaryEncoder {
  private byte[] buf;
  private int pos;

  public ArrayEncoder(int initialCapacity) {
    this.buf = new byte[Math.max(16, initialCapacity)];
  }

  /** The backing array; the first {@link #position()} bytes are the encoding. */
  public byte[] array() {
    return buf;
  }

  /** Bytes written since the last {@link #reset()}. */
  public int position() {
    return pos;
  }

  /** Forgets what was written; the array is kept. */
  public void reset() {
    pos = 0;
  }

  /** Forgets what was written after {@code position} (at most {@link #position()}). */
  public void truncate(int position) {
    if (position < 0 || position > pos) {
      throw new IllegalArgumentException("position " + position + " is not within 0.." + pos);
    }
    pos = position;
  }

  private void ensure(int more) {
    int needed = pos + more;
    if (needed < 0) {
      throw new IllegalStateException("encoding exceeds 2 GiB");
    }
    if (needed > buf.length) {
      // Doubling, but not past the largest array size (needed itself is below it).
      long grown = Math.max(needed, Math.min((long) buf.length << 1, Integer.MAX_VALUE - 8));
      buf = Arrays.copyOf(buf, (int) grown);
    }
  }

  @Override
  public void flush() {
  }

  @Override
  public void writeBoolean(boolean b) {
    ensure(1);
    buf[pos++] = (byte) (b ? 1 : 0);
  }

  @Override
  public void writeInt(int n) {
    ensure(5);
    int v = (n << 1) ^ (n >> 31);
    byte[] b = buf;
    int p = pos;
    while ((v & ~0x7F) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    pos = p;
  }

  @Override
  public void writeLong(long n) {
    ensure(10);
    long v = (n << 1) ^ (n >> 63);
    byte[] b = buf;
    int p = pos;
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    pos = p;
  }

  @Override
  public void writeFloat(float f) {
    ensure(4);
    int bits = Float.floatToRawIntBits(f);
    for (int i = 0; i < 4; i++) {
      buf[pos++] = (byte) (bits >>> (8 * i));
    }
  }

  @Override
  public void writeDouble(double d) {
    ensure(8);
    long bits = Double.doubleToRawLongBits(d);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (bits >>> (8 * i));
    }
  }

  @Override
  public void writeFixed(byte[] bytes, int start, int len) {
    ensure(len);
    System.arraycopy(bytes, start, buf, pos, len);
    pos += len;
  }

  @Override
  public void writeFixed(ByteBuffer bytes) {
    int len = bytes.remaining();
    ensure(len);
    bytes.duplicate().get(buf, pos, len);
    pos += len;
  }

  @Override
  protected void writeZero() {
    ensure(1);
    buf[pos++] = 0;
  }

  @Override
  public int bytesBuffered() {
    return 0;
  }

  /** Avro's string encoding (length, then UTF-8); ASCII strings are copied directly. */
  @Override
  public void writeString(String s) throws IOException {
    int n = s.length();
    ensure(5 + n);
    int start = pos;
    writeInt(n);
    int p = pos;
    byte[] b = buf;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        pos = start;
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        writeFixed(utf8, 0, utf8.length);
        return;
      }
      b[p++] = (byte) c;
    }
    pos = p;
  }
}
