package dev.weir.store.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .cq4} file that is not a queue file in a job's directory: the store names it and
 * says what to do, instead of Chronicle's "Unexpected magic number" or an endless wait.
 */
@Timeout(60)
class CorruptQueueFileTest {

  @TempDir
  Path tmp;

  /** The blob {@link #garbageIn} wrote before it added the garbage. */
  private StateHandle blob;

  /** Writes one blob of job "job" into a real store in {@code dir} and closes it. */
  private static StateHandle writeBlob(Path dir) throws IOException {
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir);
        BlobWriter w = store.openBlob("job", 1)) {
      w.write(new byte[] {1, 2, 3});
      return w.finish();
    }
  }

  /** A store in tmp/store with a blob of job "job", plus random bytes in the job's file {@code name}. */
  private Path garbageIn(String name) throws IOException {
    blob = writeBlob(tmp.resolve("store"));
    byte[] junk = new byte[4096];
    new Random(42).nextBytes(junk);
    return Files.write(tmp.resolve("store").resolve("job").resolve(name), junk);
  }

  @Test
  void aGarbageFileWithACycleNameIsNamedWithHowToCheckAndWhatToDo() throws Exception {
    Path garbage = garbageIn("20991231-2359.cq4");
    Path dir = tmp.resolve("store");
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir)) {
      assertThatThrownBy(() -> store.listCheckpoints("job"))
          .isInstanceOfSatisfying(CorruptQueueFileException.class, e -> {
            assertThat(e.file()).isEqualTo(garbage.toAbsolutePath());
            assertThat(e.jobId()).isEqualTo("job");
            assertThat(e.reason()).contains("not a queue header");
          })
          .hasMessageContaining(garbage.toAbsolutePath().toString())
          .hasMessageContaining("./weir checkpoints verify " + dir.toAbsolutePath())
          .hasMessageContaining("move 20991231-2359.cq4 out of " + dir.resolve("job").toAbsolutePath())
          .hasMessageContaining("or delete " + dir.resolve("job").toAbsolutePath());
      // A fresh run of the job fails the same way at its first use of the store, not later.
      assertThatThrownBy(() -> store.prepare("job")).isInstanceOf(CorruptQueueFileException.class);
      // Other jobs of the store are unaffected.
      store.prepare("other");
      assertThat(store.listCheckpoints("other")).isEmpty();
    }
  }

  @Test
  void aQueueFileOverwrittenWithZerosOrTruncatedIsNamed() throws Exception {
    Path dir = tmp.resolve("store");
    writeBlob(dir);
    Path file = QueueFiles.cq4Files(dir.resolve("job")).get(0);
    Files.write(file, new byte[8192]); // Chronicle would wait forever for its header
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir)) {
      assertThatThrownBy(() -> store.prepare("job")).isInstanceOf(CorruptQueueFileException.class)
          .hasMessageContaining(file.toAbsolutePath().toString())
          .hasMessageContaining("its first bytes are 0000000000000000, not a queue header");
    }
    Files.write(file, new byte[3]);
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir)) {
      assertThatThrownBy(() -> store.prepare("job"))
          .hasMessageContaining(file.toAbsolutePath() + " is not a Chronicle Queue file (it is only 3 bytes long");
    }
  }

  @Test
  void aCq4FileWithoutACycleNameIsNamed() throws Exception {
    Path stray = garbageIn("backup.cq4");
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(tmp.resolve("store"))) {
      assertThatThrownBy(() -> store.prepare("job"))
          .hasMessageContaining(stray.toAbsolutePath().toString())
          .hasMessageContaining("its name is not a roll-cycle file name");
    }
  }

  @Test
  void movingTheFileAwayAsAdvisedRestoresTheJobsData() throws Exception {
    Path garbage = garbageIn("20991231-2359.cq4");
    Path dir = tmp.resolve("store");
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir)) {
      assertThatThrownBy(() -> store.prepare("job")).isInstanceOf(CorruptQueueFileException.class);
    }
    Files.move(garbage, tmp.resolve("20991231-2359.cq4"));
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir);
        InputStream in = store.openBlob(blob)) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
  }
}
