package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unbounded file source that watches a directory for new files. */
class FileSourceWatchTest {
  @TempDir
  Path dir;

  /** Reads until the reader has nothing available (listing again at most every 1 ms). */
  static List<String> drain(List<SourceReader<String, Object>> readers) throws IOException {
    List<String> got = new ArrayList<>();
    SourceOutput<String> out = new SourceOutput<>() {
      @Override public void emit(String v) { got.add(v); }
      @Override public void emit(String v, long ts) { got.add(v); }
    };
    long deadline = System.nanoTime() + 20_000_000L; // every reader lists again within 20 ms
    boolean any = true;
    while (any || System.nanoTime() < deadline) {
      any = false;
      for (SourceReader<String, Object> r : readers) {
        ReadStatus s = r.read(out);
        assertThat(s).isNotEqualTo(ReadStatus.END_OF_INPUT);
        any |= s == ReadStatus.MORE_AVAILABLE;
      }
    }
    return got;
  }

  static void publish(Path dir, String name, List<String> lines) throws IOException {
    Path hidden = dir.resolve("." + name);
    Files.write(hidden, lines);
    Files.move(hidden, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void readsFilesThatAppearAndResumesWithoutReadingFinishedFilesAgain() throws IOException {
    FileSource source = FileSource.text(dir).watch(Duration.ofMillis(1));
    assertThat(source.isBounded()).isFalse();
    publish(dir, "a.txt", List.of("a1", "a2"));
    List<SourceReader<String, Object>> readers = List.of(
        Contexts.reader(source, 0, 2, List.of()), Contexts.reader(source, 1, 2, List.of()));
    assertThat(drain(readers)).containsExactlyInAnyOrder("a1", "a2");
    publish(dir, "b.txt", List.of("b1"));
    publish(dir, "c.txt", List.of("c1", "c2"));
    publish(dir, "d.txt", List.of("d1"));
    assertThat(drain(readers)).containsExactlyInAnyOrder("b1", "c1", "c2", "d1");

    List<Object> positions = new ArrayList<>();
    for (SourceReader<String, Object> r : readers) {
      positions.addAll(r.snapshotPositions(1));
      r.close();
    }
    publish(dir, "e.txt", List.of("e1"));
    List<SourceReader<String, Object>> restored = List.of(Contexts.reader(source, 0, 3, positions),
        Contexts.reader(source, 1, 3, positions), Contexts.reader(source, 2, 3, positions));
    assertThat(drain(restored)).as("only the new file").containsExactly("e1");
  }
}
