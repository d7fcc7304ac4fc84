package dev.weir.store.chronicle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** Finds and damages bytes in a closed store's {@code .cq4} files, as a disk fault would. */
final class QueueFiles {

  private QueueFiles() {}

  static List<Path> cq4Files(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
    }
  }

  /** Flips one bit of the first occurrence of {@code needle} in any queue file under dir. */
  static Path flipByteOf(Path dir, byte[] needle) throws IOException {
    for (Path file : cq4Files(dir)) {
      byte[] data = Files.readAllBytes(file);
      int at = indexOf(data, needle);
      if (at >= 0) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.write(ByteBuffer.wrap(new byte[] {(byte) (data[at + 3] ^ 0x40)}), at + 3);
        }
        return file;
      }
    }
    throw new AssertionError("pattern not found in any .cq4 file under " + dir);
  }

  private static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
