package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.SinkWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract of the file sink's two-phase commit. */
class FileSinkTest {
  @TempDir
  Path dir;

  @SuppressWarnings("unchecked")
  static <T> SinkWriter<T, Object> writer(FileSink<T> sink, int subtask, int parallelism, int attempt,
      List<Object> pending) throws IOException {
    SinkWriter<T, Object> w = (SinkWriter<T, Object>) sink.createWriter(Contexts.sink(subtask, parallelism, attempt));
    w.open(pending);
    for (Object c : pending) {
      w.commit(c);
    }
    return w;
  }

  List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  List<String> finishedLines() throws IOException {
    List<String> out = new ArrayList<>();
    for (String n : names()) {
      if (!n.startsWith(".")) {
        out.addAll(Files.readAllLines(dir.resolve(n)));
      }
    }
    return out;
  }

  static void write(SinkWriter<String, Object> w, String... lines) throws IOException {
    for (String l : lines) {
      w.write(l, Long.MIN_VALUE);
    }
  }

  @Test
  void recordsBecomeVisibleOnlyWhenTheirCheckpointCommits() throws IOException {
    SinkWriter<String, Object> w = writer(FileSink.text(dir), 0, 1, 0, List.of());
    write(w, "a", "b");
    assertThat(names()).allMatch(n -> n.startsWith(".part-0-0-") && n.endsWith(".inprogress"));
    Object c1 = w.prepareCommit(1);
    write(w, "c");
    assertThat(finishedLines()).isEmpty();
    w.commit(c1);
    assertThat(finishedLines()).containsExactly("a", "b");
    assertThat(names()).contains("part-0-1-0.txt");
    w.commit(c1); // idempotent
    assertThat(finishedLines()).containsExactly("a", "b");
    w.commit(w.prepareCommit(2));
    assertThat(finishedLines()).containsExactly("a", "b", "c");
    assertThat(names()).containsExactly("part-0-1-0.txt", "part-0-2-0.txt");
    assertThat(w.prepareCommit(3)).as("nothing staged").isNull();
  }

  @Test
  void formatsRecordsAndRollsBySize() throws IOException {
    FileSink<Integer> sink = FileSink.<Integer>of(dir, i -> "n=" + i).withRollSize(8).withSuffix(".log");
    SinkWriter<Integer, Object> w = writer(sink, 1, 2, 0, List.of());
    for (int i = 0; i < 10; i++) {
      w.write(i, 0);
    }
    w.commit(w.prepareCommit(4));
    assertThat(names()).as("two 4-byte lines per file").hasSize(5).allMatch(n -> n.matches("part-1-4-\\d+\\.log"));
    List<String> lines = finishedLines();
    assertThat(lines).containsExactlyInAnyOrder("n=0", "n=1", "n=2", "n=3", "n=4", "n=5", "n=6", "n=7", "n=8", "n=9");
  }

  @Test
  void abortDropsStagedDataButKeepsPreparedFilesForTheRestoredJobToCommit() throws IOException {
    SinkWriter<String, Object> w = writer(FileSink.text(dir), 0, 1, 0, List.of());
    write(w, "a");
    Object c1 = w.prepareCommit(1); // checkpoint 1 completes, but the commit never ran
    write(w, "b");
    Object c2 = w.prepareCommit(2); // checkpoint 2 never completes
    write(w, "c");                  // staged, never prepared
    w.abort();
    w.close();
    assertThat(names()).hasSize(2).allMatch(n -> n.endsWith(".inprogress"));
    SinkWriter<String, Object> restored = writer(FileSink.text(dir), 0, 1, 1, List.of(c1));
    assertThat(finishedLines()).containsExactly("a");
    write(restored, "b2");
    restored.commit(restored.prepareCommit(3));
    assertThat(finishedLines()).containsExactly("a", "b2");
    assertThat(names()).as("the uncommitted file of checkpoint 2 is deleted").noneMatch(n -> n.endsWith(".inprogress"));
    assertThat(c2).isNotNull();
  }

  @Test
  void aRestoredWriterWithNothingToWriteStillCleansUp() throws IOException {
    SinkWriter<String, Object> w = writer(FileSink.text(dir), 0, 1, 0, List.of());
    write(w, "x");
    w.prepareCommit(1); // never completes
    w.abort();
    SinkWriter<String, Object> restored = writer(FileSink.text(dir), 0, 1, 1, List.of());
    restored.commit(restored.prepareCommit(2));
    assertThat(names()).isEmpty();
  }

  @Test
  void afterRescalingPreparedFilesOfAnySubtaskAreCommittedAndOrphansOfAllOldSubtasksRemoved() throws IOException {
    List<Object> pending = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      SinkWriter<String, Object> w = writer(FileSink.text(dir), s, 3, 0, List.of());
      write(w, "s" + s + "-a");
      pending.add(w.prepareCommit(5));
      write(w, "s" + s + "-b");
      w.prepareCommit(6); // never completes
      write(w, "s" + s + "-c");
      w.abort();
    }
    // The restored job has 2 subtasks; committables are dealt out round-robin.
    SinkWriter<String, Object> w0 = writer(FileSink.text(dir), 0, 2, 1, List.of(pending.get(0), pending.get(2)));
    SinkWriter<String, Object> w1 = writer(FileSink.text(dir), 1, 2, 1, List.of(pending.get(1)));
    assertThat(finishedLines()).containsExactlyInAnyOrder("s0-a", "s1-a", "s2-a");
    write(w0, "new0");
    write(w1, "new1");
    w0.commit(w0.prepareCommit(7));
    w1.commit(w1.prepareCommit(7));
    assertThat(names()).noneMatch(n -> n.endsWith(".inprogress"));
    assertThat(finishedLines()).containsExactlyInAnyOrder("s0-a", "s1-a", "s2-a", "new0", "new1");
  }

  @Test
  void cleanupSparesTheInProgressFilesOfLiveWritersOfOtherSubtasks() throws IOException {
    SinkWriter<String, Object> w0 = writer(FileSink.text(dir), 0, 2, 0, List.of());
    SinkWriter<String, Object> w1 = writer(FileSink.text(dir), 1, 2, 0, List.of());
    write(w0, "a");
    write(w1, "b");
    Object c1 = w1.prepareCommit(1);
    write(w1, "c");
    w0.commit(w0.prepareCommit(1)); // w0's first commit runs its cleanup
    w1.commit(c1);
    w1.commit(w1.prepareCommit(2));
    assertThat(finishedLines()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(names()).noneMatch(n -> n.endsWith(".inprogress"));
  }

  @Test
  void aFinishedNameThatAlreadyExistsIsAnErrorNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("part-0-1-0.txt"), "old\n");
    SinkWriter<String, Object> w = writer(FileSink.text(dir), 0, 1, 0, List.of());
    write(w, "new");
    Object c = w.prepareCommit(1);
    assertThatThrownBy(() -> w.commit(c)).isInstanceOf(WeirException.class)
        .hasMessageContaining(dir.resolve("part-0-1-0.txt").toAbsolutePath().toString())
        .hasMessageContaining("empty directory");
  }

  @Test
  void aPreparedFileThatVanishedIsAnError() throws IOException {
    SinkWriter<String, Object> w = writer(FileSink.text(dir), 0, 1, 0, List.of());
    write(w, "a");
    Object c = w.prepareCommit(1);
    for (String n : names()) {
      Files.delete(dir.resolve(n));
    }
    assertThatThrownBy(() -> w.commit(c)).isInstanceOf(WeirException.class)
        .hasMessageContaining("is missing");
  }
}
