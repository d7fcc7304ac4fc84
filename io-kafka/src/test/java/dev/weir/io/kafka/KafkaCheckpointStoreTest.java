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
  void sameTopicForStateAndManifestsIsRefused() {
    assertThatThrownBy(() -> KafkaCheckpointStore.builder(KAFKA.clientProperties())
        .stateTopic("x").manifestTopic("x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
  }
}
