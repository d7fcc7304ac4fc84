package dev.weir.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.files.FileSink;
import dev.weir.io.files.FileSource;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.testing.WeirTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test of docs/quickstart.md, kept compiling and passing. */
class QuickstartTest {
  @TempDir
  Path tmp;

  @Test
  void keepsOnlyLongLines() throws Exception {
    Path in = Files.writeString(tmp.resolve("in.txt"), "short\n" + "x".repeat(100) + "\n");
    Pipeline p = Pipeline.create(PipelineOptions.defaults());
    p.read("lines", FileSource.text(in)).filter("long", l -> l.length() > 80)
        .write("out", FileSink.text(tmp.resolve("out")));
    WeirTest.run(p);
    List<String> out = new ArrayList<>();
    try (var files = Files.list(tmp.resolve("out"))) {
      for (Path f : files.toList()) {
        out.addAll(Files.readAllLines(f));
      }
    }
    assertThat(out).containsExactly("x".repeat(100));
  }
}
