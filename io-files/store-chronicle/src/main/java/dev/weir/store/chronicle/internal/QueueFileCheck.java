package dev.weir.store.chronicle.internal;

import dev.weir.store.chronicle.CorruptQueueFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks, before Chronicle Queue opens a job's directory, that every {@code .cq4} file there is
 * a queue file: a roll-cycle name and a queue header. Chronicle fails on a bad name with a date
 * parse error, on bad header bytes with "Unexpected magic number", and on a file of zeros it
 * waits forever for a header that never comes; none of these names the file.
 */
final class QueueFileCheck {

  /** A roll-cycle file name of any roll cycle the store uses: a date, maybe a time, maybe a letter. */
  private static final Pattern CYCLE_NAME = Pattern.compile("\\d{8}(-\\d{2,6})?[A-Z]?\\.cq4");

  /** Set in the first header word of a metadata document (the queue header is one). */
  private static final int METADATA = 0x40000000;

  /** Set in a header word while its document is being written. */
  private static final int NOT_COMPLETE = 0x80000000;

  /** What follows the first header word of every queue file: the field "header", type SCQStore. */
  private static final byte[] HEADER_START = headerStart();

  private QueueFileCheck() {
  }

  /**
   * Checks every {@code .cq4} file in {@code jobDir}.
   *
   * @throws CorruptQueueFileException for the first file, by name, that is not a queue file
   * @throws IOException if the directory or a file cannot be read
   */
  static void checkAll(Path jobDir, String jobId) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(jobDir)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
    }
    for (Path file : files) {
      String problem = problem(file);
      if (problem != null) {
        throw new CorruptQueueFileException(jobDir.toAbsolutePath().getParent(), jobId,
            file.toAbsolutePath(), problem);
      }
    }
  }

  /** Why {@code file} is not a queue file, or null if it looks like one. */
  static String problem(Path file) throws IOException {
    if (!CYCLE_NAME.matcher(file.getFileName().toString()).matches()) {
      return "its name is not a roll-cycle file name such as 20260101-1200.cq4";
    }
    ByteBuffer head = ByteBuffer.allocate(4 + HEADER_START.length).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (head.hasRemaining() && ch.read(head) >= 0) {
        // read the whole head, or to the end of a shorter file
      }
    }
    head.flip();
    if (head.remaining() < head.capacity()) {
      return "it is only " + head.remaining() + " bytes long, shorter than a queue header";
    }
    int word = head.getInt(0);
    byte[] start = new byte[HEADER_START.length];
    head.get(4, start);
    if ((word & (METADATA | NOT_COMPLETE)) != METADATA || !java.util.Arrays.equals(start, HEADER_START)) {
      return "its first bytes are " + hex(head, 8) + ", not a queue header";
    }
    return null;
  }

  private static String hex(ByteBuffer b, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(String.format("%02x", b.get(i)));
    }
    return s.toString();
  }

  private static byte[] headerStart() {
    // Chronicle Wire's binary encoding: 0xB9 = a field name of 6 bytes, 0xB6 = a type prefix
    // whose name has the length in the next byte.
    ByteBuffer b = ByteBuffer.allocate(18);
    b.put((byte) 0xB9).put((byte) 6).put("header".getBytes(StandardCharsets.US_ASCII));
    b.put((byte) 0xB6).put((byte) 8).put("SCQStore".getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }
}
