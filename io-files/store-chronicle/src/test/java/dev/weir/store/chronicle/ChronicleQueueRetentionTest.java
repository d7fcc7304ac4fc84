package dev.weir.store.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.checkpoint.BlobNotFoundException;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.SampleManifests;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention by roll-cycle file, and what survives a reopen, on a one-minute roll period. */
class ChronicleQueueRetentionTest {

  private static final String JOB = "orders";
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(1_700_000_000_000L);
  private ChronicleQueueCheckpointStore store;

  @BeforeEach
  void open() throws IOException {
    store = openStore();
  }

  @AfterEach
  void close() throws IOException {
    store.close();
  }

  private ChronicleQueueCheckpointStore openStore() throws IOException {
    return ChronicleQueueCheckpointStore.builder(dir).rollPeriod(MINUTE).clock(clock)
        .chunkSize(64 * 1024).build();
  }

  private void reopen() throws IOException {
    store.close();
    store = openStore();
  }

  private StateHandle write(long checkpointId, int size) throws IOException {
    try (BlobWriter out = store.openBlob(JOB, checkpointId)) {
      out.write(SampleManifests.bytes(checkpointId * 1000 + size, size));
      return out.finish();
    }
  }

  private CheckpointManifest commit(long checkpointId, StateHandle... handles) throws IOException {
    CheckpointManifest m = SampleManifests.manifest(JOB, checkpointId, List.of(handles));
    store.writeManifest(m);
    return m;
  }

  private int files() throws IOException {
    return QueueFiles.cq4Files(dir).size();
  }

  @Test
  void discardDeletesFilesNoRetainedCheckpointNeeds() throws IOException {
    StateHandle[] fulls = new StateHandle[6];
    for (int id = 1; id <= 5; id++) {
      fulls[id] = write(id, 200_000);
      commit(id, fulls[id]);
      clock.advance(MINUTE);
    }
    assertThat(files()).isEqualTo(5);

    store.discard(JOB, List.of(1L, 2L, 3L), List.of());

    assertThat(files()).isEqualTo(3); // cycles of 4 and 5, and the one holding the marker
    assertThat(store.listCheckpoints(JOB)).extracting(CheckpointManifest::checkpointId)
        .containsExactly(4L, 5L);
    assertThatThrownBy(() -> store.readBlob(fulls[2])).isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(fulls[2].location()).hasMessageContaining("discarded");
    assertThat(store.readBlob(fulls[4])).hasSize(200_000);
    reopen();
    assertThat(store.listCheckpoints(JOB)).extracting(CheckpointManifest::checkpointId)
        .containsExactly(4L, 5L);
    assertThat(store.highestCheckpointId(JOB)).isEqualTo(5);
    store.verify(fulls[5]);
  }

  @Test
  void aDeltaChainKeepsTheFilesOfItsOlderBlobs() throws IOException {
    StateHandle full = write(1, 300_000);
    commit(1, full);
    clock.advance(MINUTE);
    StateHandle delta2 = write(2, 1000);
    commit(2, full, delta2);
    clock.advance(MINUTE);
    StateHandle ownFull = write(3, 1000);
    commit(3, ownFull);
    clock.advance(MINUTE);
    commit(4, full, write(4, 10));
    clock.advance(MINUTE);

    store.discard(JOB, List.of(1L, 2L, 3L), List.of());

    assertThat(files()).as("files of checkpoints 2 and 3 deleted").isEqualTo(3);
    assertThat(store.readBlob(full)).hasSize(300_000);
    assertThatThrownBy(() -> store.readBlob(ownFull)).isInstanceOf(BlobNotFoundException.class);
    reopen();
    assertThat(store.listCheckpoints(JOB)).extracting(CheckpointManifest::checkpointId)
        .containsExactly(4L);
    store.verify(full);
  }

  @Test
  void anAttemptNewerThanEveryManifestIsKept() throws IOException {
    commit(1, write(1, 100));
    clock.advance(MINUTE);
    StateHandle pending = write(2, 100);
    clock.advance(MINUTE);
    write(3, 1); // a newer file, so the pending blob's file is not the last one

    store.discard(JOB, List.of(1L), List.of());

    store.verify(pending);
    commit(2, pending);
    assertThat(store.listCheckpoints(JOB)).extracting(CheckpointManifest::checkpointId)
        .containsExactly(2L);
  }

  @Test
  void aDiscardStaysDurableAfterItsMarkerFileIsDeleted() throws IOException {
    StateHandle kept = write(1, 100);
    commit(1, kept); // like a savepoint: never discarded here
    commit(2, write(2, 100));
    clock.advance(MINUTE);
    commit(3, write(3, 100));
    store.discard(JOB, List.of(2L), List.of()); // marker for 2 in this minute's file
    clock.advance(MINUTE);
    commit(4, write(4, 100));
    clock.advance(MINUTE);
    store.discard(JOB, List.of(3L), List.of());
    assertThat(files()).as("the file of checkpoint 3 and the first marker is deleted")
        .isEqualTo(3);

    reopen();

    assertThat(store.listCheckpoints(JOB)).extracting(CheckpointManifest::checkpointId)
        .containsExactly(1L, 4L);
    store.verify(kept);
  }

  @Test
  void aCorruptManifestIsNotListedAfterReopen() throws IOException {
    commit(1, write(1, 100));
    StateHandle h = write(2, 100);
    CheckpointManifest m2 = new CheckpointManifest(JOB, 2, 0, "fingerprint-of-two", 128, false,
        SampleManifests.manifest(JOB, 2, List.of(h)).steps());
    store.writeManifest(m2);
    store.close();
    QueueFiles.flipByteOf(dir, "fingerprint-of-two".getBytes(StandardCharsets.UTF_8));
    store = openStore();

    assertThat(store.listCheckpoints(JOB)).extracting(CheckpointManifest::checkpointId)
        .containsExactly(1L);
    assertThat(store.highestCheckpointId(JOB)).isEqualTo(2);
  }

  @Test
  void aBlobWhoseLaterFileIsLostIsNotReadable() throws IOException {
    StateHandle h;
    try (BlobWriter out = store.openBlob(JOB, 1)) {
      out.write(new byte[100_000]);
      clock.advance(MINUTE);
      out.write(new byte[100_000]);
      h = out.finish();
    }
    clock.advance(MINUTE);
    commit(1, h);
    store.close();
    List<Path> cq4 = QueueFiles.cq4Files(dir);
    assertThat(cq4).hasSize(3);
    java.nio.file.Files.delete(cq4.get(1));
    store = openStore();
    assertThatThrownBy(() -> store.readBlob(h)).isInstanceOf(IOException.class)
        .hasMessageContaining(h.location());
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefused() {
    assertThatThrownBy(this::openStore).isInstanceOf(IOException.class)
        .hasMessageContaining("in use by another");
  }

  @Test
  void unsupportedRollPeriodNamesTheChoices() {
    assertThatThrownBy(() -> ChronicleQueueCheckpointStore.builder(dir)
        .rollPeriod(Duration.ofMinutes(7))).hasMessageContaining("PT7M")
        .hasMessageContaining("PT5M");
  }
}
