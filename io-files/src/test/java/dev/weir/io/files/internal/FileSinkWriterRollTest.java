package dev.weir.io.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.io.SinkContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling by age, on an injected clock. */
class FileSinkWriterRollTest {
  @TempDir
  Path dir;

  @Test
  void rollsWhenARecordArrivesAndTheCurrentFileIsOlderThanTheInterval() throws IOException {
    AtomicLong now = new AtomicLong(1_000);
    SinkContext ctx = new SinkContext() {
      @Override public String jobName() { return "job"; }
      @Override public String stepName() { return "out"; }
      @Override public int subtaskIndex() { return 0; }
      @Override public int parallelism() { return 1; }
      @Override public int attempt() { return 0; }
    };
    FileSinkWriter<String> w = new FileSinkWriter<>(
        new FileSinkConfig<>(dir, PartFormat.text(s -> s), Long.MAX_VALUE, 100, ".txt"), ctx, now::get);
    w.open(List.of());
    w.write("a", 0);
    now.addAndGet(50);
    w.write("b", 0);   // 50 ms old: same file
    now.addAndGet(60);
    w.write("c", 0);   // 110 ms old: rolls after this record
    w.write("d", 0);   // a new file
    w.commit(w.prepareCommit(1));
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).containsExactly("part-0-1-0.txt", "part-0-1-1.txt");
    }
    assertThat(Files.readAllLines(dir.resolve("part-0-1-0.txt"))).containsExactly("a", "b", "c");
    assertThat(Files.readAllLines(dir.resolve("part-0-1-1.txt"))).containsExactly("d");
  }
}
