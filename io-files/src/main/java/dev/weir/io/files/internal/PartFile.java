package dev.weir.io.files.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An open in-progress part file: records go through the format's encoder into a counting,
 * buffered stream; {@link #finish} flushes, forces to disk and closes.
 */
final class PartFile<T> {
  private final Path path;
  private final FileChannel channel;
  private final Counting out;
  private final PartFormat.Encoder<T> encoder;
  private final long openedAtMillis;

  private PartFile(Path path, FileChannel channel, PartFormat<T> format, long openedAtMillis)
      throws IOException {
    this.path = path;
    this.channel = channel;
    this.out = new Counting(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
    this.encoder = format.open(out);
    this.openedAtMillis = openedAtMillis;
  }

  static <T> PartFile<T> create(Path path, PartFormat<T> format, long nowMillis) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      return new PartFile<>(path, ch, format, nowMillis);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  void write(T value) throws IOException {
    encoder.write(value);
  }

  /** Bytes handed to the file so far (an Avro container's open block is not counted yet). */
  long bytes() {
    return out.count;
  }

  long openedAtMillis() {
    return openedAtMillis;
  }

  Path path() {
    return path;
  }

  /** Flushes, forces the bytes to disk and closes. */
  void finish() throws IOException {
    encoder.flush();
    out.flush();
    channel.force(true);
    out.close();
  }

  void closeQuietly() {
    try {
      out.close();
    } catch (IOException ignored) {
      // the file is discarded or already reported
    }
  }

  /** Counts the bytes written through it. */
  private static final class Counting extends java.io.FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Forces a directory's entries (renames) to disk where the platform allows it. */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not supported on every platform; the rename itself is atomic
    }
  }
}
