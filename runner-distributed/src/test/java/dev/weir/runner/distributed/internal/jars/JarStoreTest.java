package dev.weir.runner.distributed.internal.jars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.Provisioning;
import dev.weir.runner.distributed.internal.protocol.JarHeader;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar store on a real broker, with jars of several chunks: stored and fetched byte for
 * byte (also two stored at once, their chunks interleaved), stored once per SHA-256 and size
 * unless replaced, and refused with both hashes when a chunk is missing or the jar is not
 * stored.
 */
class JarStoreTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  @TempDir
  Path tmp;

  private JarStore store(String cluster) {
    ClusterTopics topics = new ClusterTopics(cluster);
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      Provisioning.ensureCluster(admin, topics, (short) -1);
    }
    return new JarStore(KAFKA.clientProperties(), topics);
  }

  /** A file of {@code size} random bytes (the store does not look inside a jar). */
  private Path file(String name, int size, long seed) throws Exception {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    Path f = tmp.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  @Test
  void jarsOfSeveralChunksStoredAtOnceFetchByteForByte() throws Exception {
    try (JarStore store = store("chunks")) {
      Path a = file("a.jar", 2 * JarStore.CHUNK_BYTES + 1234, 1);
      Path b = file("b.jar", 3 * JarStore.CHUNK_BYTES, 2);
      CompletableFuture<JarHeader> storeA = CompletableFuture.supplyAsync(() -> store(store, a));
      CompletableFuture<JarHeader> storeB = CompletableFuture.supplyAsync(() -> store(store, b));
      JarHeader ha = storeA.get(60, TimeUnit.SECONDS);
      JarHeader hb = storeB.get(60, TimeUnit.SECONDS);
      assertThat(ha.chunkCount()).isEqualTo(3);
      assertThat(hb.chunkCount()).isEqualTo(3);
      assertThat(ha.sha256()).isEqualTo(Sha256.of(a));
      for (Map.Entry<Path, JarHeader> e : Map.of(a, ha, b, hb).entrySet()) {
        Path copy = tmp.resolve("copy-" + e.getKey().getFileName());
        assertThat(store.fetch("job", "com.acme.Job", e.getValue().sha256(), copy))
            .isEqualTo(e.getValue());
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(e.getKey()));
      }
    }
  }

  private static JarHeader store(JarStore store, Path jar) {
    try {
      return store.store(jar, false);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aJarIsStoredOncePerSha256UnlessReplaced() throws Exception {
    try (JarStore store = store("once")) {
      Path a = file("a.jar", JarStore.CHUNK_BYTES + 1, 3);
      JarHeader first = store.store(a, false);
      assertThat(store.store(a, false)).as("stored already: not again").isEqualTo(first);
      JarHeader replaced = store.store(a, true);
      assertThat(replaced.firstChunkOffset()).isGreaterThan(first.lastChunkOffset());
      assertThat(store.header(first.sha256())).contains(replaced);
      Path copy = tmp.resolve("copy.jar");
      store.fetch("job", "com.acme.Job", first.sha256(), copy);
      assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(a));
    }
  }

  @Test
  void aMissingChunkOrAMissingJarIsRefusedNamingJobJarAndHashes() throws Exception {
    try (JarStore store = store("missing")) {
      Path a = file("app-1.0.jar", 2 * JarStore.CHUNK_BYTES + 10, 4);
      JarHeader h = store.store(a, false);
      // A header that claims a fourth chunk, which no record holds.
      JarHeader longer = new JarHeader(h.sha256(), h.name(), h.sizeBytes() + 10, 4,
          h.firstChunkOffset(), h.lastChunkOffset(), h.uploadedAtMillis());
      Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
      props.put("key.serializer", ByteArraySerializer.class);
      props.put("value.serializer", ByteArraySerializer.class);
      try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props)) {
        p.send(new ProducerRecord<>(store.topic(), ClusterTopics.JAR_HEADERS,
            h.sha256().getBytes(StandardCharsets.UTF_8), ProtocolCodec.encode(longer)))
            .get(30, TimeUnit.SECONDS);
      }
      Path copy = tmp.resolve("copy.jar");
      assertThatThrownBy(() -> store.fetch("orders-1", "com.acme.Job", h.sha256(), copy))
          .isInstanceOf(RefusedJarException.class)
          .hasMessageContaining("job 'orders-1' refused: its jar app-1.0.jar")
          .hasMessageContaining("has SHA-256 " + h.sha256() + " (" + h.sizeBytes()
              + " bytes in 3 of 4 chunks)")
          .hasMessageContaining("but the job names SHA-256 " + h.sha256());
      assertThat(copy).doesNotExist();

      String unknown = "0".repeat(64);
      assertThatThrownBy(() -> store.fetch("orders-2", "com.acme.Job", unknown, copy))
          .isInstanceOf(RefusedJarException.class)
          .hasMessage("job 'orders-2' refused: its jar (SHA-256 " + unknown + ") is not in "
              + "topic weir.missing.jars, so nothing of the job ran. Submit the job again with "
              + "its jar: weir submit --jar <app.jar> --class com.acme.Job");
    }
  }

  @Test
  void aFileThatIsNotThereIsNamed() {
    try (JarStore store = store("nofile")) {
      assertThatThrownBy(() -> store.store(tmp.resolve("nope.jar"), false))
          .isInstanceOf(java.nio.file.NoSuchFileException.class)
          .hasMessageContaining("nope.jar");
    }
  }
}
