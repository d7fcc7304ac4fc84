package dev.weir.io.files.internal;

import dev.weir.sdk.WeirException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * One input file, or a byte range {@code [start, end)} of a plain file, and how far it has been
 * read. A range owns the lines that start in it: unless it starts at 0 it first skips to the
 * byte after the first {@code \n} at or after {@code start - 1}, and it stops before a line that
 * starts at or after {@code end} (the line it is in the middle of is read to its end). Opened lazily on the first {@link #next}; a
 * {@code .gz} file is decompressed on the fly. Every I/O failure becomes a
 * {@link WeirException} naming the file and what to do.
 *
 * <p>Read strictly ({@code strict}), a line that is not valid UTF-8 is not decoded with
 * replacement characters but reported as a {@link BadLine} once the split has moved past it,
 * so the position after the exception already covers the bad line.
 */
final class FileSplit {
  /**
   * A line that could not be read, thrown by {@link #next} after the split moved past it.
   * Carries no stack trace (it is an expected outcome, not a bug).
   */
  static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;
    /** Where the line is: the file, its line number when known, its byte offset. */
    final String origin;
    /** Why it could not be read. */
    final String reason;
    /** The raw bytes of the line, without its line end. */
    final byte[] payload;

    BadLine(String origin, String reason, byte[] payload) {
      super(origin + ": " + reason, null, false, false);
      this.origin = origin;
      this.reason = reason;
      this.payload = payload;
    }
  }

  private static final int BUFFER = 1 << 16;

  private final Path file;
  private final String key;
  private final boolean gzip;
  private final long start;
  private final long end;
  private final boolean strict;
  private CharsetDecoder decoder;
  private long offset;
  private long lastStart;
  private long lines;
  private boolean done;
  private InputStream in;
  private LineReader reader;
  private long base;

  FileSplit(Path file, String key, long start, long end) {
    this(file, key, start, end, false);
  }

  /** @param strict report lines that are not valid UTF-8 as {@link BadLine}s */
  FileSplit(Path file, String key, long start, long end, boolean strict) {
    this.strict = strict;
    this.file = file;
    this.key = key;
    this.gzip = isGzip(file);
    this.start = start;
    this.end = end;
    this.offset = start;
  }

  static boolean isGzip(Path file) {
    return file.getFileName().toString().endsWith(".gz");
  }

  void restore(long offset, long lines, boolean done) {
    this.offset = offset;
    this.lines = lines;
    this.done = done;
  }

  String key() {
    return key;
  }

  long offset() {
    return offset;
  }

  long lines() {
    return lines;
  }

  boolean done() {
    return done;
  }

  /**
   * The next line, or {@code null} when the file is finished (and then closed).
   *
   * @throws BadLine when reading strictly and the line is not valid UTF-8; the split has
   *     moved past it (it counts as read)
   */
  String next() throws BadLine {
    if (done) {
      return null;
    }
    int n;
    long lineStart = offset;
    try {
      if (reader == null) {
        openAtPosition();
        lineStart = offset;
      }
      n = offset < end ? reader.readLineBytes() : -1;
      if (n < 0) {
        done = true;
        close();
        return null;
      }
      lines++;
      lastStart = lineStart;
      offset = base + reader.consumed();
    } catch (IOException e) {
      closeQuietly();
      throw failure(e);
    }
    byte[] buf = reader.bytes();
    if (!strict) {
      return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
    if (decoder == null) {
      decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    try {
      return decoder.decode(ByteBuffer.wrap(buf, 0, n)).toString();
    } catch (CharacterCodingException e) {
      throw new BadLine(lastLineOrigin(), "not valid UTF-8 (" + e + ")", Arrays.copyOf(buf, n));
    }
  }

  /**
   * Where the line {@link #next} returned (or reported) last is: the file, its line number when
   * the split starts at the file's start (a later byte range does not know it), and the byte
   * offset where it starts (of the uncompressed text for gzip files), e.g.
   * {@code /data/in.txt line 7 (byte 120)}.
   */
  String lastLineOrigin() {
    String path = file.toAbsolutePath().toString();
    if (start == 0) {
      return path + " line " + lines + " (" + (gzip ? "uncompressed byte " : "byte ") + lastStart + ")";
    }
    return path + " byte " + lastStart;
  }

  private void openAtPosition() throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    if (!gzip) {
      long size = ch.size();
      if (offset > size) {
        ch.close();
        throw new WeirException("file source: '" + file.toAbsolutePath() + "' has " + size
            + " bytes, but the restored checkpoint read it up to byte " + offset
            + "; input files must not change while a job reads them. Restore from a checkpoint "
            + "taken on the same files, or start fresh");
      }
      // A range that has emitted nothing yet may sit in the middle of a line: skip it
      // (idempotent: from a line start, the byte before it is the '\n' that ends the skip).
      boolean align = start > 0 && lines == 0 && offset == start;
      base = align ? offset - 1 : offset;
      ch.position(base);
      in = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
      reader = new LineReader(in);
      if (align) {
        reader.readLine();
        offset = base + reader.consumed();
      }
      return;
    }
    in = new BufferedInputStream(
        new GZIPInputStream(new BufferedInputStream(Channels.newInputStream(ch), BUFFER), BUFFER), BUFFER);
    reader = new LineReader(in);
    base = 0;
    for (long skipped = 0; skipped < lines; skipped++) {
      if (reader.readLine() == null) {
        closeQuietly();
        throw new WeirException("file source: '" + file.toAbsolutePath() + "' has " + skipped
            + " lines, but the restored checkpoint read " + lines + " of them; input files must "
            + "not change while a job reads them");
      }
    }
  }

  private WeirException failure(IOException e) {
    String path = file.toAbsolutePath().toString();
    if (e instanceof NoSuchFileException) {
      return new WeirException("file source: '" + path + "' disappeared while the job read it; "
          + "input files must stay in place until the job has read them", e);
    }
    if (e instanceof AccessDeniedException) {
      return new WeirException("file source: cannot read '" + path + "': permission denied; make "
          + "the file readable by this user", e);
    }
    if (gzip) {
      return new WeirException("file source: '" + path + "' is not a valid gzip file (corrupt or "
          + "truncated: " + FileSourceReader.describe(e) + "); replace it, or remove the '.gz' suffix "
          + "if it is plain text", e);
    }
    return new WeirException("file source: cannot read '" + path + "': "
        + FileSourceReader.describe(e), e);
  }

  void close() {
    if (in != null) {
      InputStream s = in;
      in = null;
      reader = null;
      try {
        s.close();
      } catch (IOException e) {
        throw failure(e);
      }
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (WeirException ignored) {
      // the original failure is reported
    }
  }
}
