package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Types;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers of the file sources with dead letters, driven by hand: a restore from a snapshot taken
 * after any record or dead letter emits exactly the rest, so no dead letter is sent twice or lost.
 */
class DeadLetterReaderTest {
  @TempDir
  Path dir;

  /** Writes {@code lines} where a {@code null} entry is replaced by a line that is not UTF-8. */
  static byte[] textWithBadLines(List<String> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String l : lines) {
      byte[] b = l == null ? badLine() : l.getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** {@code bad <0xff 0xfe> line}: 0xff never occurs in UTF-8. */
  static byte[] badLine() {
    return new byte[] {'b', 'a', 'd', ' ', (byte) 0xff, (byte) 0xfe, ' ', 'l', 'i', 'n', 'e'};
  }

  static void writeText(Path file, List<String> lines) throws IOException {
    byte[] bytes = textWithBadLines(lines);
    Files.createDirectories(file.getParent());
    if (file.toString().endsWith(".gz")) {
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
        o.write(bytes);
      }
    } else {
      Files.write(file, bytes);
    }
  }

  /** Every 10th line (from line 3) is bad. */
  static List<String> someBad(String prefix, int n) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      lines.add(i % 10 == 3 ? null : prefix + " " + i);
    }
    return lines;
  }

  /**
   * Reads to the end, records and dead letters in one list; when {@code at} items were sent,
   * stores the positions in {@code snapshot}.
   */
  static <T, P> List<Object> readAll(SourceReader<T, P> reader, int at, List<P> snapshot)
      throws IOException {
    List<Object> got = new ArrayList<>();
    SourceOutput<T> out = new SourceOutput<>() {
      @Override public void emit(T value) { emit(value, Long.MIN_VALUE); }
      @Override public void emit(T value, long timestamp) { add(value); }
      @Override public void deadLetter(DeadLetter letter) { add(letter); }

      private void add(Object o) {
        got.add(o);
        if (got.size() == at) {
          snapshot.addAll(reader.snapshotPositions(1));
        }
      }
    };
    if (at == 0) {
      snapshot.addAll(reader.snapshotPositions(1));
    }
    while (reader.read(out) != ReadStatus.END_OF_INPUT) {
      // keep reading
    }
    return got;
  }

  @SuppressWarnings("unchecked")
  static <T> SourceReader<T, Object> open(Source<T> source, List<Object> restored) throws IOException {
    SourceReader<T, Object> r = (SourceReader<T, Object>) source.createReader(Contexts.source(0, 1));
    r.open(restored);
    return r;
  }

  /** Restores after every {@code step}-th item and checks that before + after is the whole read. */
  static <T> void assertExactAfterAnyItem(Source<T> source, int step) throws IOException {
    List<Object> all;
    try (SourceReader<T, Object> r = open(source, List.of())) {
      all = readAll(r, -1, new ArrayList<>());
    }
    assertThat(all).anyMatch(o -> o instanceof DeadLetter).anyMatch(o -> !(o instanceof DeadLetter));
    for (int at = 0; at <= all.size(); at += step) {
      List<Object> snap = new ArrayList<>();
      List<Object> joined;
      try (SourceReader<T, Object> r = open(source, List.of())) {
        joined = new ArrayList<>(readAll(r, at, snap).subList(0, at));
      }
      try (SourceReader<T, Object> r = open(source, snap)) {
        joined.addAll(readAll(r, -1, new ArrayList<>()));
      }
      assertThat(joined).as("restored after item " + at).isEqualTo(all);
    }
  }

  @Test
  void invalidUtf8LinesAreDeadLettersWithFileLineAndByte() throws IOException {
    Path f = dir.resolve("in.txt");
    Files.write(f, textWithBadLines(java.util.Arrays.asList("one", null, "three", null)));
    List<Object> got;
    try (SourceReader<String, Object> r = open(FileSource.text(f).withDeadLetters(), List.of())) {
      got = readAll(r, -1, new ArrayList<>());
    }
    String path = f.toAbsolutePath().toString();
    assertThat(got).hasSize(4);
    assertThat(got.get(0)).isEqualTo("one");
    assertThat(got.get(2)).isEqualTo("three");
    DeadLetter second = (DeadLetter) got.get(1);
    assertThat(second.step()).isEqualTo("lines");
    assertThat(second.origin()).isEqualTo(path + " line 2 (byte 4)");
    assertThat(second.reason()).contains("not valid UTF-8");
    assertThat(second.payload()).isEqualTo(badLine());
    assertThat(((DeadLetter) got.get(3)).origin()).isEqualTo(path + " line 4 (byte " + (4 + 12 + 6) + ")");
  }

  @Test
  void withoutDeadLettersInvalidUtf8IsDecodedWithReplacementCharactersAsBefore() throws IOException {
    Path f = dir.resolve("in.txt");
    Files.write(f, textWithBadLines(java.util.Arrays.asList("one", null)));
    assertThat(FileSourceTest.readAll(FileSource.text(f), 0, 1)).containsExactly("one", "bad \uFFFD\uFFFD line");
  }

  @Test
  void textRestoresAfterAnyRecordOrDeadLetterExactly() throws IOException {
    writeText(dir.resolve("a.txt"), someBad("a", 120));
    writeText(dir.resolve("b.txt.gz"), someBad("b", 80));
    writeText(dir.resolve("c.txt"), someBad("c", 300)); // several byte ranges
    FileSource text = FileSource.text(dir).withSplitSize(700).withDeadLetters();
    assertExactAfterAnyItem(text, 3);
    // A parse function that rejects some lines: those are dead letters too.
    assertExactAfterAnyItem(text.parsed(line -> {
      if (line.endsWith("7")) {
        throw new IllegalArgumentException("ends with 7");
      }
      return line.length();
    }, Types.INT), 3);
  }

  @Test
  void byteRangesOfASplitFileNameTheByteOffset() throws IOException {
    Path f = dir.resolve("c.txt");
    writeText(f, someBad("c", 300));
    List<Object> got;
    try (SourceReader<String, Object> r = open(FileSource.text(f).withSplitSize(700).withDeadLetters(), List.of())) {
      got = readAll(r, -1, new ArrayList<>());
    }
    List<String> origins = got.stream().filter(o -> o instanceof DeadLetter).map(o -> ((DeadLetter) o).origin()).toList();
    assertThat(origins).hasSize(30);
    String path = f.toAbsolutePath().toString();
    assertThat(origins).allMatch(o -> o.startsWith(path + " "));
    assertThat(origins.get(0)).isEqualTo(path + " line 3 (byte 8)");
    assertThat(origins).anyMatch(o -> o.matches(java.util.regex.Pattern.quote(path) + " byte \\d+"));
  }

  @Test
  void avroRestoresAfterAnyRecordOrDeadLetterExactly() throws IOException {
    Path a = AvroFileSourceTest.write(dir.resolve("a.avro"), 0, 300);
    Path b = AvroFileSourceTest.write(dir.resolve("b.avro"), 300, 300);
    AvroCorruption.corruptBlockData(a, 2, 5);
    AvroCorruption.truncate(b, 40); // the last block is cut short
    assertExactAfterAnyItem(AvroFileSource.generic(dir, AvroFileSourceTest.SCHEMA).withDeadLetters(), 2);
  }
}
