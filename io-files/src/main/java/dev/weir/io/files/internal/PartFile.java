package dev.weir.io.files.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An open in-progress part file: buffered writes, then flush and fsync on {@link #finish}. */
final class PartFile {
  private final Path path;
  private final FileChannel channel;
  private final OutputStream out;
  private final long openedAtMillis;
  private long bytes;

  private PartFile(Path path, FileChannel channel, long openedAtMillis) {
    this.path = path;
    this.channel = channel;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    this.openedAtMillis = openedAtMillis;
  }

  static PartFile create(Path path, long nowMillis) throws IOException {
    return new PartFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), nowMillis);
  }

  void write(byte[] b) throws IOException {
    out.write(b);
    bytes += b.length;
  }

  long bytes() {
    return bytes;
  }

  long openedAtMillis() {
    return openedAtMillis;
  }

  Path path() {
    return path;
  }

  /** Flushes, forces the bytes to disk and closes. */
  void finish() throws IOException {
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

  /** Forces a directory's entries (renames) to disk where the platform allows it. */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not supported on every platform; the rename itself is atomic
    }
  }
}
