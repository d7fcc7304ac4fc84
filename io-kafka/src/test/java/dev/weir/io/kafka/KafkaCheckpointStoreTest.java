package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStoreContractTest;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a real in-JVM broker; every test has its own topics. */
class KafkaCheckpointStoreTest extends CheckpointStoreContractTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static final AtomicInteger TESTS = new AtomicInteger();
  private final Map<Path, String> prefixes = new ConcurrentHashMap<>();

  @Override
  protected CheckpointStore createStore(Path dir) {
    String prefix = prefixes.computeIfAbsent(dir, d -> "contract-" + TESTS.incrementAndGet() + "-");
    return KafkaCheckpointStore.builder(KAFKA.clientProperties()).topicPrefix(prefix).build();
  }

  @Override
  protected boolean isDurable() {
    return true;
  }

  @Test
  void blobsAreChunkedAndLocatedByOffsets() throws IOException {
    try (KafkaCheckpointStore small = KafkaCheckpointStore.builder(KAFKA.clientProperties())
        .topicPrefix("chunked-").chunkBytes(1024).build()) {
      byte[] content = new byte[10 * 1024 + 7];
      new java.util.Random(3).nextBytes(content);
      StateHandle a;
      StateHandle b;
      try (BlobWriter wa = small.openBlob("j", 1); BlobWriter wb = small.openBlob("j", 1)) {
        for (int off = 0; off < content.length; off += 700) {
          int n = Math.min(700, content.length - off);
          wa.write(content, off, n);
          wb.write(content, content.length - off - n, n);
        }
        a = wa.finish();
        b = wb.finish();
      }
      assertThat(a.location()).matches("kafka:chunked-state:0:\\d+-\\d+");
      assertThat(small.readBlob(a)).isEqualTo(content);
      byte[] back = small.readBlob(b);
      assertThat(back).hasSize(content.length);
      try (InputStream in = small.openBlob(a)) {
        assertThat(in.readNBytes(5)).containsExactly(content[0], content[1], content[2],
            content[3], content[4]);
      }
    }
  }

  @Test
  void storeKeysAreTakenOutOfTheClientProperties() throws IOException {
    Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
    props.put(KafkaCheckpointStore.STATE_TOPIC_CONFIG, "props-state");
    props.put(KafkaCheckpointStore.MANIFEST_TOPIC_CONFIG, "props-manifests");
    props.put(KafkaCheckpointStore.CHUNK_BYTES_CONFIG, "4096");
    props.put("client.id", "weir-test");
    try (KafkaCheckpointStore s = KafkaCheckpointStore.create(props)) {
      assertThat(s.stateTopic()).isEqualTo("props-state");
      assertThat(s.manifestTopic()).isEqualTo("props-manifests");
      StateHandle h;
      try (BlobWriter w = s.openBlob("p", 2)) {
        w.write(new byte[10_000]);
        h = w.finish();
      }
      assertThat(h.location()).startsWith("kafka:props-state:0:");
      assertThat(s.readBlob(h)).hasSize(10_000);
      assertThat(s.highestCheckpointId("p")).isEqualTo(2);
    }
  }

  @Test
  void discardDeletesStateRecordsNoCheckpointNeeds() throws IOException {
    try (KafkaCheckpointStore s = KafkaCheckpointStore.builder(KAFKA.clientProperties())
        .topicPrefix("retention-").chunkBytes(4096).build()) {
      StateHandle other = writeTo(s, "other", 1, 9_000);
      s.writeManifest(dev.weir.sdk.checkpoint.SampleManifests.manifest("other", 1,
          java.util.List.of(other)));
      StateHandle h1 = writeTo(s, "a", 1, 20_000);
      s.writeManifest(dev.weir.sdk.checkpoint.SampleManifests.manifest("a", 1,
          java.util.List.of(h1)));
      StateHandle h2 = writeTo(s, "a", 2, 10_000);
      s.writeManifest(dev.weir.sdk.checkpoint.SampleManifests.manifest("a", 2,
          java.util.List.of(h2)));
      StateHandle pending = writeTo(s, "a", 3, 5_000);

      s.discard("a", java.util.List.of(1L), java.util.List.of(h1));
      assertThat(s.readBlob(other)).hasSize(9_000);
      assertThat(s.readBlob(h1)).as("kept: job 'other' still needs older records").hasSize(20_000);

      s.discard("other", java.util.List.of(1L), java.util.List.of(other));
      assertThatThrownBy(() -> s.readBlob(h1))
          .isInstanceOf(dev.weir.sdk.checkpoint.BlobNotFoundException.class)
          .hasMessageContaining(h1.location()).hasMessageContaining("deleted");
      assertThatThrownBy(() -> s.readBlob(other))
          .isInstanceOf(dev.weir.sdk.checkpoint.BlobNotFoundException.class);
      assertThat(s.readBlob(h2)).hasSize(10_000);
      assertThat(s.readBlob(pending)).hasSize(5_000);
      assertThat(s.listCheckpoints("a")).extracting(m -> m.checkpointId()).containsExactly(2L);
    }
  }

  private static StateHandle writeTo(KafkaCheckpointStore s, String job, long id, int size)
      throws IOException {
    try (BlobWriter w = s.openBlob(job, id)) {
      w.write(new byte[size]);
      return w.finish();
    }
  }

  @Test
  void sameTopicForStateAndManifestsIsRefused() {
    assertThatThrownBy(() -> KafkaCheckpointStore.builder(KAFKA.clientProperties())
        .stateTopic("x").manifestTopic("x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
  }
}
