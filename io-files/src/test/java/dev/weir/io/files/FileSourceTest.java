package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.SourceReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract of the file source: what it reads, how it splits, how it resumes, how it fails. */
class FileSourceTest {
  @TempDir
  Path dir;

  static List<String> lines(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + " line " + i + (i % 7 == 0 ? " ünïcödé" : "") + (i % 11 == 0 ? "" : " x".repeat(i % 5)));
    }
    return out;
  }

  static Path write(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    if (file.toString().endsWith(".gz")) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(text);
      }
    } else {
      Files.write(file, text);
    }
    return file;
  }

  static List<String> readAll(FileSource source, int subtask, int parallelism) throws IOException {
    try (SourceReader<String, Object> r = Contexts.reader(source, subtask, parallelism, List.of())) {
      return Contexts.readAll(r, -1, new ArrayList<>());
    }
  }

  @Test
  void readsEveryLineOfAFileInOrder() throws IOException {
    List<String> lines = lines("a", 1000);
    Path f = write(dir.resolve("a.txt"), lines);
    assertThat(readAll(FileSource.text(f), 0, 1)).isEqualTo(lines);
  }

  @Test
  void dropsCarriageReturnsKeepsEmptyLinesAndReadsALastLineWithoutNewline() throws IOException {
    Path f = dir.resolve("crlf.txt");
    Files.writeString(f, "one\r\n\r\ntwo\n\nthree");
    assertThat(readAll(FileSource.text(f), 0, 1)).containsExactly("one", "", "two", "", "three");
    Files.writeString(f, "");
    assertThat(readAll(FileSource.text(f), 0, 1)).isEmpty();
  }

  @Test
  void readsGzipTransparently() throws IOException {
    List<String> lines = lines("g", 5000);
    Path f = write(dir.resolve("g.txt.gz"), lines);
    assertThat(readAll(FileSource.text(f), 0, 1)).isEqualTo(lines);
  }

  @Test
  void splitsTheSortedFilesOfADirectoryAcrossSubtasksAndSkipsHiddenFiles() throws IOException {
    List<String> all = new ArrayList<>();
    for (String name : List.of("c.txt", "a.txt", "sub/b.txt.gz", "d.txt")) {
      List<String> l = lines(name, 50);
      write(dir.resolve(name), l);
      all.addAll(l);
    }
    write(dir.resolve(".part-0-0-abc-0.inprogress"), List.of("hidden"));
    write(dir.resolve("_SUCCESS"), List.of("hidden"));
    FileSource source = FileSource.text(dir);
    // sorted: a.txt, c.txt, d.txt, sub/b.txt.gz → subtask 0 of 3 reads a and sub/b, 1 reads c, 2 reads d
    assertThat(readAll(source, 0, 3)).isEqualTo(concat(lines("a.txt", 50), lines("sub/b.txt.gz", 50)));
    assertThat(readAll(source, 1, 3)).isEqualTo(lines("c.txt", 50));
    assertThat(readAll(source, 2, 3)).isEqualTo(lines("d.txt", 50));
    List<String> union = new ArrayList<>();
    for (int s = 0; s < 5; s++) {
      union.addAll(readAll(source, s, 5));
    }
    assertThat(union).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void aDirectoryCreatedAfterThePipelineWasBuiltIsReadAsADirectory() throws IOException {
    Path later = dir.resolve("later");
    FileSource source = FileSource.text(later);
    write(later.resolve("1.txt"), List.of("one"));
    write(later.resolve("2.txt"), List.of("two"));
    assertThat(readAll(source, 0, 1)).containsExactly("one", "two");
  }

  @Test
  void readsTheFilesAGlobMatches() throws IOException {
    write(dir.resolve("x/1.log"), List.of("one"));
    write(dir.resolve("x/2.log.gz"), List.of("two"));
    write(dir.resolve("x/3.txt"), List.of("three"));
    write(dir.resolve("x/deep/4.log"), List.of("four"));
    assertThat(readAll(FileSource.text(dir + "/x/*.log*"), 0, 1)).containsExactly("one", "two");
    assertThat(readAll(FileSource.text(dir + "/x/**.log"), 0, 1)).containsExactly("one", "four");
  }

  @Test
  void aRestoredReaderResumesExactlyAfterTheLastEmittedLineAtAnyParallelism() throws IOException {
    Random random = new Random(42);
    List<List<String>> contents = List.of(lines("p", 700), lines("q", 500), lines("r", 900));
    write(dir.resolve("p.txt"), contents.get(0));
    write(dir.resolve("q.txt.gz"), contents.get(1));
    write(dir.resolve("r.txt"), contents.get(2));
    FileSource source = FileSource.text(dir);
    for (int round = 0; round < 25; round++) {
      int before = 1 + random.nextInt(3);
      int after = 1 + random.nextInt(3);
      List<Object> positions = new ArrayList<>();
      List<String> seen = new ArrayList<>();
      for (int s = 0; s < before; s++) {
        try (SourceReader<String, Object> r = Contexts.reader(source, s, before, List.of())) {
          int total = Contexts.readAll(r, Integer.MAX_VALUE, new ArrayList<>()).size();
          int at = random.nextInt(total + 1);
          try (SourceReader<String, Object> again = Contexts.reader(source, s, before, List.of())) {
            List<Object> snap = new ArrayList<>();
            seen.addAll(Contexts.readAll(again, at, snap).subList(0, at));
            positions.addAll(snap);
          }
        }
      }
      for (int s = 0; s < after; s++) {
        try (SourceReader<String, Object> r = Contexts.reader(source, s, after, positions)) {
          seen.addAll(Contexts.readAll(r, -1, new ArrayList<>()));
        }
      }
      assertThat(seen).as("round " + round + ": " + before + " → " + after + " subtasks")
          .containsExactlyInAnyOrderElementsOf(concat(concat(contents.get(0), contents.get(1)), contents.get(2)));
    }
  }

  @Test
  void byteRangeSplitsOfAPlainFileReadEachLineExactlyOnceForAnySplitSize() throws IOException {
    List<String> lines = lines("s", 60);
    lines.set(5, "");
    lines.set(6, "");
    Path f = write(dir.resolve("big.txt"), lines);
    for (long size : new long[] {1, 2, 3, 7, 20, 33, 64, 100, 1000, Files.size(f) - 1, Files.size(f)}) {
      FileSource source = FileSource.text(f).withSplitSize(size);
      for (int p : new int[] {1, 3}) {
        List<String> union = new ArrayList<>();
        for (int s = 0; s < p; s++) {
          union.addAll(readAll(source, s, p));
        }
        assertThat(union).as("split size " + size + ", parallelism " + p).containsExactlyInAnyOrderElementsOf(lines);
        if (p == 1) {
          assertThat(union).as("one subtask reads the splits in order").isEqualTo(lines);
        }
      }
    }
  }

  @Test
  void splitsOfALargeFileResumeExactly() throws IOException {
    List<String> lines = lines("r", 2000);
    write(dir.resolve("r.txt"), lines);
    write(dir.resolve("z.txt.gz"), lines("z", 300));
    FileSource source = FileSource.text(dir).withSplitSize(997);
    List<String> expected = concat(lines, lines("z", 300));
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      int p = 1 + random.nextInt(4);
      List<Object> positions = new ArrayList<>();
      List<String> seen = new ArrayList<>();
      for (int s = 0; s < p; s++) {
        int total = readAll(source, s, p).size();
        int at = random.nextInt(total + 1);
        try (SourceReader<String, Object> r = Contexts.reader(source, s, p, List.of())) {
          List<Object> snap = new ArrayList<>();
          seen.addAll(Contexts.readAll(r, at, snap).subList(0, at));
          positions.addAll(snap);
        }
      }
      for (int s = 0; s < p; s++) {
        try (SourceReader<String, Object> r = Contexts.reader(source, s, p, positions)) {
          seen.addAll(Contexts.readAll(r, -1, new ArrayList<>()));
        }
      }
      assertThat(seen).as("round " + round + ", parallelism " + p).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void skipsBinaryFilesOfADirectoryOrGlobWithOneWarningEachButReadsANamedOne() throws IOException {
    List<String> text = lines("t", 20);
    write(dir.resolve("in/a.txt"), text);
    write(dir.resolve("in/c.txt.gz"), text);
    byte[] binary = new byte[100];
    binary[50] = 'x'; // NUL bytes around it
    Path bin = Files.write(dir.resolve("in/b.png"), binary);
    Path gzBin = dir.resolve("in/d.bin.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzBin))) {
      out.write(binary);
    }
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream systemErr = System.err;
    FileSource source = FileSource.text(dir.resolve("in"));
    System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(source.files()).containsExactly(dir.resolve("in/a.txt"), dir.resolve("in/c.txt.gz"));
      List<String> both = new ArrayList<>(text);
      both.addAll(text);
      assertThat(readAll(source, 0, 1)).isEqualTo(both);
      assertThat(FileSource.text(dir + "/in/*").files()).hasSize(2);
    } finally {
      System.setErr(systemErr);
    }
    String warnings = err.toString(StandardCharsets.UTF_8);
    assertThat(warnings).contains("skipping binary file " + bin + " of input '" + dir.resolve("in") + "'",
        "skipping binary file " + gzBin);
    assertThat(warnings.split("skipping binary file " + bin, -1)).as("one warning per file and source")
        .hasSize(3); // once for the directory source (listed twice), once for the glob source
    assertThat(FileSource.text(bin).files()).containsExactly(bin);
  }

  @Test
  void aMissingInputNamesThePath() {
    Path missing = dir.resolve("nope.txt");
    assertThatThrownBy(() -> readAll(FileSource.text(missing), 0, 1))
        .isInstanceOf(WeirException.class).hasMessageContaining(missing.toAbsolutePath().toString())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> readAll(FileSource.text(dir + "/none/*.txt"), 0, 1))
        .isInstanceOf(WeirException.class).hasMessageContaining("none").hasMessageContaining("does not exist");
  }

  @Test
  void aCorruptGzipFileNamesTheFile() throws IOException {
    Path notGzip = dir.resolve("plain.gz");
    Files.writeString(notGzip, "this is not gzip\n");
    assertThatThrownBy(() -> readAll(FileSource.text(notGzip), 0, 1))
        .isInstanceOf(WeirException.class).hasMessageContaining(notGzip.toAbsolutePath().toString())
        .hasMessageContaining("not a valid gzip file");
    Path truncated = write(dir.resolve("t.gz"), lines("t", 20_000));
    byte[] bytes = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> readAll(FileSource.text(truncated), 0, 1))
        .isInstanceOf(WeirException.class).hasMessageContaining(truncated.toAbsolutePath().toString())
        .hasMessageContaining("corrupt or truncated");
  }

  @Test
  void aFileShorterThanItsCheckpointedOffsetIsAnError() throws IOException {
    Path f = write(dir.resolve("s.txt"), lines("s", 100));
    FileSource source = FileSource.text(f);
    List<Object> snap = new ArrayList<>();
    try (SourceReader<String, Object> r = Contexts.reader(source, 0, 1, List.of())) {
      Contexts.readAll(r, 90, snap);
    }
    write(f, lines("s", 10));
    assertThatThrownBy(() -> {
      try (SourceReader<String, Object> r = Contexts.reader(source, 0, 1, snap)) {
        Contexts.readAll(r, -1, new ArrayList<>());
      }
    }).isInstanceOf(WeirException.class).hasMessageContaining(f.toAbsolutePath().toString())
        .hasMessageContaining("must not change");
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
