package dev.weir.io.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines from a stream and counts the bytes it consumed, so a reader can record
 * the exact byte offset of the next line. Lines end at {@code \n}; a {@code \r} before it is
 * dropped; a last line without a newline is returned unless it is empty.
 *
 * <p>Not thread-safe. Does not buffer: give it a buffered stream.
 */
final class LineReader {
  private final InputStream in;
  private byte[] buf = new byte[256];
  private long consumed;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** The next line, or {@code null} at the end of the stream. */
  String readLine() throws IOException {
    int n = readLineBytes();
    return n < 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * Reads the next line into {@link #bytes()} (without its line end) and returns its length,
   * or -1 at the end of the stream. The bytes stay valid until the next read.
   */
  int readLineBytes() throws IOException {
    int n = 0;
    int b;
    boolean any = false;
    while ((b = in.read()) >= 0) {
      consumed++;
      any = true;
      if (b == '\n') {
        break;
      }
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = (byte) b;
    }
    if (!any) {
      return -1;
    }
    if (n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    return n;
  }

  /** The buffer holding the line {@link #readLineBytes} read last. */
  byte[] bytes() {
    return buf;
  }

  /** Bytes consumed so far, including line ends. */
  long consumed() {
    return consumed;
  }
}
