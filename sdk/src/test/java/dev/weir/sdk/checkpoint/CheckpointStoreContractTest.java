package dev.weir.sdk.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link CheckpointStore} promises. A store's test extends this class and
 * implements {@link #createStore(Path)}; capability hooks switch off what a store cannot do.
 * Shipped in the sdk test-jar.
 */
public abstract class CheckpointStoreContractTest {

  protected static final String JOB = "orders";
  private static final int MIB = 1 << 20;

  @TempDir protected Path storeDir;
  protected CheckpointStore store;

  /** A store over {@code dir}; a durable store finds there what an earlier instance wrote. */
  protected abstract CheckpointStore createStore(Path dir) throws IOException;

  /** Whether the data survives {@link #reopen}. */
  protected boolean isDurable() {
    return true;
  }

  /** Whether a discarded, unreferenced blob is unreadable as soon as discard returns. */
  protected boolean freesDiscardedBlobsAtOnce() {
    return false;
  }

  /** Closes {@code old} and opens a new instance over the same data. */
  protected CheckpointStore reopen(CheckpointStore old, Path dir) throws IOException {
    old.close();
    return createStore(dir);
  }

  /**
   * Damages one byte of the stored data of {@code handle} (whose content is {@code content})
   * and returns the store to read it from, or empty if this store's test cannot do that.
   */
  protected Optional<CheckpointStore> corruptStoredBlob(CheckpointStore current, Path dir,
      StateHandle handle, byte[] content) throws IOException {
    return Optional.empty();
  }

  @BeforeEach
  void openStore() throws IOException {
    store = createStore(storeDir);
  }

  @AfterEach
  void closeStore() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  protected StateHandle write(String job, long checkpointId, byte[] content) throws IOException {
    try (BlobWriter out = store.openBlob(job, checkpointId)) {
      out.write(content);
      return out.finish();
    }
  }

  protected static long crc32c(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return crc.getValue();
  }

  @Test
  void emptyBlobRoundTrip() throws IOException {
    StateHandle h = write(JOB, 1, new byte[0]);
    assertThat(h.length()).isZero();
    assertThat(h.checksum()).isEqualTo(crc32c(new byte[0]));
    assertThat(store.readBlob(h)).isEmpty();
  }

  @Test
  void smallBlobRoundTripWithCrc32c() throws IOException {
    byte[] content = "weir keeps its state".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    StateHandle h;
    try (BlobWriter out = store.openBlob(JOB, 3)) {
      out.write(content[0]);
      out.write(content, 1, content.length - 1);
      assertThat(out.bytesWritten()).isEqualTo(content.length);
      h = out.finish();
    }
    assertThat(h.jobId()).isEqualTo(JOB);
    assertThat(h.checkpointId()).isEqualTo(3);
    assertThat(h.length()).isEqualTo(content.length);
    assertThat(h.checksum()).isEqualTo(crc32c(content));
    assertThat(store.readBlob(h)).isEqualTo(content);
    StateHandle other = write(JOB, 3, content);
    assertThat(other.location()).isNotEqualTo(h.location());
  }

  @Test
  void fiveMibBlobIsStreamedBothWays() throws IOException {
    byte[] content = SampleManifests.bytes(5, 5 * MIB + 123);
    StateHandle h;
    try (BlobWriter out = store.openBlob(JOB, 1)) {
      for (int off = 0; off < content.length; off += 64 * 1024) {
        out.write(content, off, Math.min(64 * 1024, content.length - off));
      }
      h = out.finish();
    }
    assertThat(h.checksum()).isEqualTo(crc32c(content));
    byte[] back = new byte[content.length];
    try (InputStream in = store.openBlob(h)) {
      int off = 0;
      for (int n; (n = in.read(back, off, Math.min(10_000, back.length - off))) > 0; ) {
        off += n;
      }
      assertThat(off).isEqualTo(content.length);
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(back).isEqualTo(content);
    store.verify(h);
  }

  @Test
  void finishedOrAbandonedWriterRefusesWrites() throws IOException {
    BlobWriter out = store.openBlob(JOB, 1);
    out.finish();
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class)
        .hasMessageContaining("already finished");
    BlobWriter abandoned = store.openBlob(JOB, 2);
    abandoned.write(new byte[100]);
    abandoned.close();
    assertThatThrownBy(abandoned::finish).hasMessageContaining("already closed");
    assertThat(store.listCheckpoints(JOB)).isEmpty();
  }

  @Test
  void manifestRoundTrip() throws IOException {
    List<StateHandle> handles = List.of(write(JOB, 1, SampleManifests.bytes(1, 1000)),
        write(JOB, 1, SampleManifests.bytes(2, 10)), write(JOB, 1, new byte[0]));
    CheckpointManifest m = SampleManifests.manifest(JOB, 1, handles);
    store.writeManifest(m);
    assertThat(store.listCheckpoints(JOB)).containsExactly(m);
    assertThat(store.manifest(JOB, 1)).contains(m);
    assertThat(store.manifest(JOB, 2)).isEmpty();
    assertThatThrownBy(() -> store.writeManifest(m)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("checkpoint 1 of job 'orders'");
  }

  @Test
  void manifestReferencingUnknownBlobIsRefused() throws IOException {
    StateHandle real = write(JOB, 1, new byte[] {1, 2, 3});
    StateHandle missing = new StateHandle(JOB, 1, real.location() + "0", 3, real.checksum());
    assertThatThrownBy(() -> store.writeManifest(SampleManifests.manifest(JOB, 1,
        List.of(real, missing)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.location());
    assertThat(store.listCheckpoints(JOB)).isEmpty();
  }

  @Test
  void blobWithoutManifestIsNotACheckpoint() throws IOException {
    write(JOB, 1, new byte[] {1});
    assertThat(store.listCheckpoints(JOB)).isEmpty();
    assertThat(store.manifest(JOB, 1)).isEmpty();
  }

  @Test
  void listingIsOrderedOldestFirst() throws IOException {
    for (long id : new long[] {1, 3, 2, 10}) {
      store.writeManifest(SampleManifests.manifest(JOB, id, List.of(write(JOB, id, new byte[8]))));
    }
    assertThat(store.listCheckpoints(JOB)).extracting(CheckpointManifest::checkpointId)
        .containsExactly(1L, 2L, 3L, 10L);
  }

  @Test
  void jobsAreKeptApart() throws IOException {
    StateHandle a = write("job-a", 1, new byte[] {1});
    StateHandle b = write("job/b b", 1, new byte[] {2});
    store.writeManifest(SampleManifests.manifest("job-a", 1, List.of(a)));
    store.writeManifest(SampleManifests.manifest("job/b b", 1, List.of(b)));
    write("job/b b", 4, new byte[] {3});
    assertThat(store.listCheckpoints("job-a")).extracting(m -> m.referencedHandles())
        .containsExactly(java.util.Set.of(a));
    assertThat(store.listCheckpoints("job/b b")).hasSize(1);
    assertThat(store.highestCheckpointId("job-a")).isEqualTo(1);
    assertThat(store.highestCheckpointId("job/b b")).isEqualTo(4);
    assertThat(store.jobs()).containsExactly("job-a", "job/b b");
    assertThat(store.readBlob(b)).containsExactly(2);
  }

  @Test
  void highestCheckpointIdCountsIncompleteAttempts() throws IOException {
    assertThat(store.highestCheckpointId(JOB)).isZero();
    write(JOB, 5, new byte[] {5});
    assertThat(store.highestCheckpointId(JOB)).isEqualTo(5);
    store.writeManifest(SampleManifests.manifest(JOB, 3, List.of(write(JOB, 3, new byte[3]))));
    assertThat(store.highestCheckpointId(JOB)).isEqualTo(5);
    store.writeManifest(SampleManifests.manifest(JOB, 7, List.of(write(JOB, 7, new byte[7]))));
    assertThat(store.highestCheckpointId(JOB)).isEqualTo(7);
  }

  @Test
  void discardRemovesCheckpointsAndKeepsWhatOthersReference() throws IOException {
    byte[] fullBytes = SampleManifests.bytes(10, 3000);
    byte[] oldBytes = SampleManifests.bytes(11, 2000);
    StateHandle full = write(JOB, 1, fullBytes);
    StateHandle old = write(JOB, 1, oldBytes);
    store.writeManifest(SampleManifests.manifest(JOB, 1, List.of(full, old)));
    StateHandle delta = write(JOB, 2, new byte[] {9});
    store.writeManifest(SampleManifests.manifest(JOB, 2, List.of(full, delta)));
    StateHandle pending = write(JOB, 3, new byte[] {7});

    store.discard(JOB, List.of(1L, 99L), List.of(old, full));

    assertThat(store.listCheckpoints(JOB)).extracting(CheckpointManifest::checkpointId)
        .containsExactly(2L);
    assertThat(store.manifest(JOB, 1)).isEmpty();
    assertThat(store.readBlob(full)).isEqualTo(fullBytes);
    assertThat(store.readBlob(delta)).containsExactly(9);
    assertThat(store.readBlob(pending)).containsExactly(7);
    assertReadsOriginalOrFailsNamingLocation(old, oldBytes);
    assertThat(store.highestCheckpointId(JOB)).isEqualTo(3);
  }

  private void assertReadsOriginalOrFailsNamingLocation(StateHandle h, byte[] original) {
    try {
      byte[] back = store.readBlob(h);
      assertThat(freesDiscardedBlobsAtOnce()).as("discarded blob still readable").isFalse();
      assertThat(back).isEqualTo(original);
    } catch (IOException e) {
      assertThat(e).isInstanceOf(BlobNotFoundException.class).hasMessageContaining(h.location());
    }
  }

  @Test
  void unknownHandleFailsNamingItsLocation() {
    StateHandle nowhere = new StateHandle(JOB, 1, "nowhere:42", 3, 0);
    assertThatThrownBy(() -> store.readBlob(nowhere)).isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining("nowhere:42").hasMessageContaining("checkpoint 1");
  }

  @Test
  void handleOfAnotherJobIsNotFound() throws IOException {
    StateHandle h = write(JOB, 1, new byte[] {1, 2});
    StateHandle foreign = new StateHandle("stranger", 1, h.location(), h.length(), h.checksum());
    assertThatThrownBy(() -> store.readBlob(foreign)).isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(h.location());
  }

  @Test
  void lengthOrChecksumMismatchIsCorruption() throws IOException {
    byte[] content = SampleManifests.bytes(3, 4096);
    StateHandle h = write(JOB, 6, content);
    StateHandle longer = new StateHandle(JOB, 6, h.location(), h.length() + 1, h.checksum());
    StateHandle shorter = new StateHandle(JOB, 6, h.location(), h.length() - 1, h.checksum());
    StateHandle wrongSum = new StateHandle(JOB, 6, h.location(), h.length(), h.checksum() ^ 1);
    for (StateHandle bad : List.of(longer, shorter, wrongSum)) {
      assertThatThrownBy(() -> store.readBlob(bad)).isInstanceOf(CorruptCheckpointException.class)
          .hasMessageContaining("checkpoint 6").hasMessageContaining(h.location());
    }
    assertThatThrownBy(() -> store.verify(wrongSum)).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("CRC32C");
  }

  @Test
  void corruptStoredBytesAreDetected() throws IOException {
    byte[] content = SampleManifests.bytes(8, 3 * MIB);
    StateHandle h = write(JOB, 8, content);
    Optional<CheckpointStore> damaged = corruptStoredBlob(store, storeDir, h, content);
    assumeTrue(damaged.isPresent(), "this store's test cannot damage stored bytes");
    store = damaged.get();
    assertThatThrownBy(() -> store.readBlob(h)).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("checkpoint 8").hasMessageContaining(h.location())
        .hasMessageContaining("CRC32C");
  }

  @Test
  void concurrentBlobWritesFromFourThreads() throws Exception {
    int threads = 4;
    int blobsPerThread = 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<List<StateHandle>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          List<StateHandle> handles = new ArrayList<>();
          for (int i = 0; i < blobsPerThread; i++) {
            byte[] content = SampleManifests.bytes(thread * 100 + i, 2 * MIB + 1000 * thread);
            try (BlobWriter out = store.openBlob(JOB, 1)) {
              for (int off = 0; off < content.length; off += 100_000) {
                out.write(content, off, Math.min(100_000, content.length - off));
              }
              handles.add(out.finish());
            }
          }
          return handles;
        }));
      }
      Future<Integer> lister = pool.submit(() -> {
        int listings = 0;
        while (writing.get()) {
          assertThat(store.listCheckpoints(JOB)).isEmpty();
          listings++;
        }
        return listings;
      });
      start.countDown();
      List<StateHandle> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<StateHandle> handles = results.get(t).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < blobsPerThread; i++) {
          byte[] expected = SampleManifests.bytes(t * 100 + i, 2 * MIB + 1000 * t);
          assertThat(store.readBlob(handles.get(i))).isEqualTo(expected);
        }
        all.addAll(handles);
      }
      writing.set(false);
      assertThat(lister.get(60, TimeUnit.SECONDS)).isPositive();
      assertThat(all.stream().map(StateHandle::location).distinct()).hasSize(threads * blobsPerThread);
      CheckpointManifest m = SampleManifests.manifest(JOB, 1, all);
      store.writeManifest(m);
      assertThat(store.listCheckpoints(JOB)).containsExactly(m);
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
  }

  @Test
  void reopenKeepsCompleteCheckpoints() throws IOException {
    assumeTrue(isDurable(), "the store keeps nothing across instances");
    byte[] content = SampleManifests.bytes(21, 1500 * 1024);
    StateHandle h1 = write(JOB, 1, content);
    CheckpointManifest m1 = SampleManifests.manifest(JOB, 1, List.of(h1));
    store.writeManifest(m1);
    StateHandle h2 = write(JOB, 2, new byte[] {2});
    CheckpointManifest m2 = SampleManifests.manifest(JOB, 2, List.of(h1, h2));
    store.writeManifest(m2);
    store.writeManifest(SampleManifests.manifest(JOB, 3, List.of(write(JOB, 3, new byte[3]))));
    store.discard(JOB, List.of(3L), List.of());
    write(JOB, 4, new byte[] {4});
    write("other", 9, new byte[] {9});

    store = reopen(store, storeDir);

    assertThat(store.listCheckpoints(JOB)).containsExactly(m1, m2);
    assertThat(store.readBlob(h1)).isEqualTo(content);
    assertThat(store.highestCheckpointId(JOB)).isEqualTo(4);
    assertThat(store.highestCheckpointId("other")).isEqualTo(9);
    assertThat(store.jobs()).containsExactly("orders", "other");
    StateHandle h5 = write(JOB, 5, new byte[] {5});
    store.writeManifest(SampleManifests.manifest(JOB, 5, List.of(h1, h5)));
    assertThat(store.listCheckpoints(JOB)).extracting(CheckpointManifest::checkpointId)
        .containsExactly(1L, 2L, 5L);
  }

  @Test
  void closedStoreRefusesWork() throws IOException {
    store.close();
    assertThatThrownBy(() -> store.openBlob(JOB, 1)).isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.listCheckpoints(JOB)).isInstanceOf(IOException.class);
    store = null;
  }
}
