package dev.weir.examples.wordcount;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test corpora: generated lines plus lines that stress the tokenization. */
final class Corpus {
  static final List<String> TRICKY = List.of(
      "Hello, WORLD! It's 42 o'clock -- café-au-lait\tTabs\tand UPPER/lower_case.",
      "",
      "   leading and trailing spaces   ",
      "naïve Übermensch straße: non-ASCII letters separate words",
      "x1y2z3 ...dots...and---dashes;;;semicolons\r",
      "THE The the tHe");

  private Corpus() {
  }

  /** Writes {@code lines} generated lines (from {@code first}) and the tricky lines; gzip if the name ends in .gz. */
  static Path write(Path file, long first, long lines) throws IOException {
    GeneratedLines g = new GeneratedLines(first + lines, 12);
    List<String> out = new ArrayList<>();
    for (long i = first; i < first + lines; i++) {
      out.add(g.line(i));
      if (i % 1000 == 0) {
        out.addAll(TRICKY);
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] bytes = (String.join("\n", out) + "\n").getBytes(StandardCharsets.UTF_8);
    try (OutputStream o = file.toString().endsWith(".gz")
        ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      o.write(bytes);
    }
    return file;
  }
}
