package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.internal.store.ChunkHeaders;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.SampleManifests;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.spi.CheckpointManifestFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fenced manifest writes ({@link KafkaCheckpointStore#fencedFor}) and the read_committed
 * manifest topic, on a real in-JVM broker; every test has its own topics, and each store
 * instance stands for a separate worker process.
 */
class KafkaCheckpointStoreFencingTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final String JOB = "orders";
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static final int ROUNDS = Integer.getInteger("rounds", 20);

  private final String prefix = "fencing-" + TESTS.incrementAndGet() + "-";
  private final String txId = "weir.test." + prefix + JOB;

  private KafkaCheckpointStore newStore() {
    return KafkaCheckpointStore.builder(KAFKA.clientProperties()).topicPrefix(prefix).build();
  }

  private static StateHandle blob(CheckpointStore s, long id) throws IOException {
    try (BlobWriter w = s.openBlob(JOB, id)) {
      w.write(SampleManifests.bytes(id, 100));
      return w.finish();
    }
  }

  private static CheckpointManifest manifest(long id, StateHandle h) {
    return SampleManifests.manifest(JOB, id, List.of(h));
  }

  private static List<Long> ids(CheckpointStore s) throws IOException {
    return s.listCheckpoints(JOB).stream().map(CheckpointManifest::checkpointId).toList();
  }

  @Test
  void manifestWrittenThroughAFencedViewIsListedByAnotherStore() throws IOException {
    try (KafkaCheckpointStore writer = newStore(); KafkaCheckpointStore reader = newStore();
        CheckpointStore view = writer.fencedFor(txId)) {
      CheckpointManifest m1 = manifest(1, blob(view, 1));
      view.writeManifest(m1);
      blob(view, 2); // an attempt marker through the transaction

      assertThat(reader.listCheckpoints(JOB)).containsExactly(m1);
      assertThat(reader.manifest(JOB, 1)).contains(m1);
      assertThat(reader.highestCheckpointId(JOB)).isEqualTo(2);
      assertThat(view.listCheckpoints(JOB)).containsExactly(m1);
      assertThat(view.toString()).contains(txId);
    }
  }

  @Test
  void aViewReadsItsOwnWritesAtOnceWhileAnotherThreadLists() throws Exception {
    // A commit returns before its markers reach the partition; the view waits for them.
    ExecutorService pool = Executors.newSingleThreadExecutor();
    AtomicBoolean writing = new AtomicBoolean(true);
    try (KafkaCheckpointStore store = newStore(); CheckpointStore view = store.fencedFor(txId)) {
      view.jobs();
      Future<Integer> lister = pool.submit(() -> {
        int listings = 0;
        while (writing.get()) {
          view.listCheckpoints(JOB);
          listings++;
        }
        return listings;
      });
      for (long id = 1; id <= ROUNDS; id++) {
        CheckpointManifest m = manifest(id, blob(view, id));
        view.writeManifest(m);
        assertThat(view.manifest(JOB, id)).as("checkpoint %d right after its write", id)
            .contains(m);
      }
      view.discard(JOB, List.of(1L, 2L), List.of());
      assertThat(ids(view)).as("right after the discard").hasSize(ROUNDS - 2)
          .doesNotContain(1L, 2L);
      writing.set(false);
      assertThat(lister.get(30, TimeUnit.SECONDS)).isPositive();
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
  }

  @Test
  void aNewerViewWithTheSameIdFencesTheOlderOne() throws IOException {
    try (KafkaCheckpointStore zombieStore = newStore(); KafkaCheckpointStore ownerStore = newStore();
        CheckpointStore zombie = zombieStore.fencedFor(txId)) {
      CheckpointManifest m1 = manifest(1, blob(zombie, 1));
      zombie.writeManifest(m1);
      StateHandle h2 = blob(zombieStore, 2);

      try (CheckpointStore owner = ownerStore.fencedFor(txId)) {
        assertThatThrownBy(() -> zombie.writeManifest(manifest(2, h2)))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("fenced by a newer owner of that transactional id")
            .hasMessageContaining("'" + txId + "'")
            .hasMessageContaining("checkpoint 2 of job '" + JOB + "'");
        assertThatThrownBy(() -> zombie.discard(JOB, List.of(1L), List.of()))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("fenced by a newer owner")
            .hasMessageContaining("checkpoints [1] of job '" + JOB + "'");
        assertThatThrownBy(() -> zombie.openBlob(JOB, 3))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("fenced by a newer owner")
            .hasMessageContaining("checkpoint 3 of job '" + JOB + "'");
        assertThatThrownBy(() -> zombie.writeManifest(manifest(2, h2)))
            .as("still fenced on a later call").hasMessageContaining("fenced by a newer owner");

        try (KafkaCheckpointStore third = newStore()) {
          assertThat(third.listCheckpoints(JOB)).as("the zombie's manifest 2 and its discard of 1")
              .containsExactly(m1);
          assertThat(third.highestCheckpointId(JOB)).as("no attempt marker of 3").isEqualTo(2);
        }

        CheckpointManifest m4 = manifest(4, blob(owner, 4));
        owner.writeManifest(m4);
        owner.discard(JOB, List.of(1L), List.of());
        try (KafkaCheckpointStore third = newStore()) {
          assertThat(third.listCheckpoints(JOB)).containsExactly(m4);
          assertThat(third.highestCheckpointId(JOB)).isEqualTo(4);
        }
        assertThat(ids(zombieStore)).as("the zombie's store reads what the owner wrote")
            .containsExactly(4L);
      }
    }
  }

  @Test
  void openAndAbortedTransactionsAreInvisible() throws IOException {
    CheckpointManifest foreign = SampleManifests.manifest(JOB, 7, List.of());
    try (KafkaCheckpointStore reader = newStore();
        KafkaProducer<byte[], byte[]> tx = transactionalProducer("raw-" + txId)) {
      reader.jobs(); // creates the topics
      tx.initTransactions();
      tx.beginTransaction();
      tx.send(manifestRecord(reader.manifestTopic(), foreign));
      tx.flush();

      assertThat(reader.listCheckpoints(JOB)).as("open transaction").isEmpty();
      assertThat(reader.highestCheckpointId(JOB)).isZero();
      tx.abortTransaction();
      assertThat(reader.listCheckpoints(JOB)).as("aborted transaction").isEmpty();

      try (KafkaCheckpointStore writer = newStore()) {
        CheckpointManifest m1 = manifest(1, blob(writer, 1));
        writer.writeManifest(m1);
        assertThat(reader.listCheckpoints(JOB)).as("a later write without a transaction")
            .containsExactly(m1);
        assertThat(CommittedRecords.read(KAFKA.clientProperties(), reader.manifestTopic(),
            "read_uncommitted")).as("the aborted record is in the topic")
            .anyMatch(r -> r.startsWith(JOB + "#7="));
      }
    }
  }

  @Test
  void writesWithoutAViewStayVisibleNextToFencedOnes() throws IOException {
    try (KafkaCheckpointStore local = newStore(); KafkaCheckpointStore reader = newStore();
        CheckpointStore view = local.fencedFor(txId)) {
      CheckpointManifest m1 = manifest(1, blob(local, 1));
      local.writeManifest(m1);
      CheckpointManifest m2 = manifest(2, blob(view, 2));
      view.writeManifest(m2);
      CheckpointManifest m3 = manifest(3, blob(local, 3));
      local.writeManifest(m3);
      local.discard(JOB, List.of(2L), List.of());

      assertThat(reader.listCheckpoints(JOB)).containsExactly(m1, m3);
      assertThat(reader.highestCheckpointId(JOB)).isEqualTo(3);
    }
  }

  @Test
  void closingAViewLeavesTheStoreOpenAndClosingTheStoreClosesItsViews() throws IOException {
    KafkaCheckpointStore store = newStore();
    try (store) {
      CheckpointStore view = store.fencedFor(txId);
      view.close();
      assertThatThrownBy(() -> view.writeManifest(manifest(1, blob(store, 1))))
          .isInstanceOf(IOException.class).hasMessageContaining("closed")
          .hasMessageContaining(txId);
      CheckpointManifest m1 = manifest(1, blob(store, 1));
      store.writeManifest(m1);
      assertThat(store.listCheckpoints(JOB)).containsExactly(m1);

      CheckpointStore open = store.fencedFor(txId);
      assertThat(ids(open)).containsExactly(1L);
      store.close();
      assertThatThrownBy(() -> open.listCheckpoints(JOB)).isInstanceOf(IOException.class)
          .hasMessageContaining("closed");
      assertThatThrownBy(() -> store.fencedFor(txId)).isInstanceOf(IOException.class)
          .hasMessageContaining("closed");
    }
  }

  private static KafkaProducer<byte[], byte[]> transactionalProducer(String id) {
    Map<String, Object> p = new HashMap<>(KAFKA.clientProperties());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A manifest record as the store writes it (see ManifestLog). */
  private static ProducerRecord<byte[], byte[]> manifestRecord(String topic, CheckpointManifest m)
      throws IOException {
    RecordHeaders headers = new RecordHeaders();
    headers.add(ChunkHeaders.TYPE, "manifest".getBytes(StandardCharsets.UTF_8));
    headers.add(ChunkHeaders.CHECKPOINT, ChunkHeaders.longBytes(m.checkpointId()));
    headers.add(ChunkHeaders.JOB, m.jobId().getBytes(StandardCharsets.UTF_8));
    byte[] key = (m.jobId() + "#" + m.checkpointId()).getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, 0, key, CheckpointManifestFormat.encode(m), headers);
  }

  @Test
  void blobsAcceptedAsFinishedAreReferencedWithoutReadingThemBackAndStillVerifiedOnRestore()
      throws IOException {
    try (KafkaCheckpointStore task = newStore(); KafkaCheckpointStore coordinator = newStore()) {
      StateHandle real = blob(task, 1);
      // A handle in the state topic whose bytes were never written: without the acceptance the
      // coordinator's store checks the topic and refuses it.
      StateHandle phantom = new StateHandle(JOB, 1,
          "kafka:" + coordinator.stateTopic() + ":0:900000-900001", 100, 7);
      assertThatThrownBy(() -> coordinator.writeManifest(manifest(1, phantom)))
          .hasMessageContaining("does not hold");

      coordinator.acceptFinishedBlobs(List.of(real, phantom));
      coordinator.writeManifest(manifest(1, real));
      coordinator.writeManifest(SampleManifests.manifest(JOB, 2, List.of(phantom)));
      assertThat(ids(coordinator)).containsExactly(1L, 2L);
      // Trusted at write time, verified when read: the restore names the missing blob.
      assertThatThrownBy(() -> coordinator.openBlob(phantom).readAllBytes())
          .isInstanceOf(IOException.class).hasMessageContaining("900000");
    }
  }

  @Test
  void aHandleOfAnotherStateTopicIsNotAccepted() {
    try (KafkaCheckpointStore store = newStore()) {
      StateHandle foreign = new StateHandle(JOB, 1, "kafka:another-topic:0:0-1", 100, 7);
      assertThatThrownBy(() -> store.acceptFinishedBlobs(List.of(foreign)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a blob of this store's state topic '"
              + store.stateTopic() + "'");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
