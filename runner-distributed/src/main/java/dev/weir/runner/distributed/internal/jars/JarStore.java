package dev.weir.runner.distributed.internal.jars;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.protocol.JarChunk;
import dev.weir.runner.distributed.internal.protocol.JarHeader;
import dev.weir.runner.distributed.internal.protocol.MalformedMessageException;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runner.distributed.internal.worker.TopicTail;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The cluster's jar store: submitted jars in the compacted topic {@code weir.C.jars}, content
 * addressed by SHA-256. A jar is a run of {@link JarChunk}s of at most {@link #CHUNK_BYTES} in
 * partition {@link ClusterTopics#JAR_CHUNKS} (key {@code <sha256>/<index>}), then, once every
 * chunk is acknowledged, a {@link JarHeader} in partition {@link ClusterTopics#JAR_HEADERS}
 * (key {@code <sha256>}) with the offsets of its first and last chunk: a header means the jar
 * is complete, and a reader seeks straight to its chunks (skipping chunks of other jars
 * written at the same time). Compaction keeps the newest value of each key, so storing a jar
 * again replaces its chunks and header.
 *
 * <p>Unlike a checkpoint blob (found by offsets alone, trimmed by offset, checked with CRC32C
 * as it is read back), a jar is found by its content's hash, kept until removed, and checked
 * whole against that hash before any class of it is loaded; so it has a store of its own.
 *
 * <p>Thread-safe; every read uses a consumer of its own.
 */
public final class JarStore implements AutoCloseable {
  /** The chunk size: 512 KiB, below Kafka's default 1 MiB message size. */
  public static final int CHUNK_BYTES = 512 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, Object> kafka;
  private final String topic;
  private KafkaProducer<byte[], byte[]> producer;

  public JarStore(Map<String, Object> kafka, ClusterTopics topics) {
    this.kafka = Map.copyOf(kafka);
    this.topic = topics.jars();
  }

  /** The jars topic. */
  public String topic() {
    return topic;
  }

  /** The newest header of jar {@code sha256}, if the store holds it (read to the end now). */
  public Optional<JarHeader> header(String sha256) throws IOException {
    byte[] key = sha256.getBytes(StandardCharsets.UTF_8);
    JarHeader[] found = new JarHeader[1];
    try {
      TopicTail.scan(kafka, topic, "weir-jars-headers", r -> {
        if (r.key() != null && java.util.Arrays.equals(r.key(), key)) {
          found[0] = r.value() == null ? null : ProtocolCodec.decodeJarHeader(r.value());
        }
      });
    } catch (KafkaException e) {
      throw new IOException("cannot read the jar headers in topic " + topic + " on "
          + kafka.get("bootstrap.servers") + ": " + e, e);
    }
    return Optional.ofNullable(found[0]);
  }

  /**
   * Stores {@code jar} unless the store holds a jar of the same SHA-256 and size already (or
   * always, with {@code replace}: to mend a damaged stored copy); returns its header.
   */
  public JarHeader store(Path jar, boolean replace) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new java.nio.file.NoSuchFileException(jar.toString(), null, "no such jar file");
    }
    String sha = Sha256.of(jar);
    long size = Files.size(jar);
    if (!replace) {
      Optional<JarHeader> stored = header(sha);
      if (stored.isPresent() && stored.get().sizeBytes() == size) {
        return stored.get();
      }
    }
    KafkaProducer<byte[], byte[]> p = producer();
    MessageDigest digest = Sha256.digest();
    Future<RecordMetadata> first = null;
    Future<RecordMetadata> last = null;
    int index = 0;
    long read = 0;
    try (InputStream in = Files.newInputStream(jar)) {
      do {
        byte[] data = in.readNBytes(CHUNK_BYTES);
        read += data.length;
        digest.update(data);
        last = p.send(new ProducerRecord<>(topic, ClusterTopics.JAR_CHUNKS,
            JarChunk.key(sha, index).getBytes(StandardCharsets.UTF_8),
            ProtocolCodec.encode(new JarChunk(sha, index, data))));
        if (first == null) {
          first = last;
        }
        index++;
      } while (read < size);
    } catch (KafkaException e) {
      throw new IOException("writing jar " + jar + " to topic " + topic + " failed: " + e, e);
    }
    if (!Sha256.hex(digest).equals(sha) || read != size) {
      throw new IOException("jar " + jar + " changed while it was stored; store it again");
    }
    p.flush();
    JarHeader header = new JarHeader(sha, jar.getFileName().toString(), size, index,
        await(first, jar).offset(), await(last, jar).offset(), System.currentTimeMillis());
    await(p.send(new ProducerRecord<>(topic, ClusterTopics.JAR_HEADERS,
        sha.getBytes(StandardCharsets.UTF_8), ProtocolCodec.encode(header))), jar);
    return header;
  }

  /**
   * Copies jar {@code sha256} into {@code target} and checks its SHA-256 over the whole
   * content.
   *
   * @throws RefusedJarException if the store does not hold it, or its bytes are incomplete or
   *     hash to another SHA-256 (the message names the job, the jar and both hashes, and what
   *     to do); {@code target} is deleted then
   * @throws IOException if the store cannot be read
   */
  public JarHeader fetch(String jobId, String factoryClass, String sha256, Path target)
      throws IOException {
    JarHeader h = header(sha256).orElseThrow(() -> new RefusedJarException("job '" + jobId
        + "' refused: its jar (SHA-256 " + sha256 + ") is not in topic " + topic + ", so "
        + "nothing of the job ran. Submit the job again with its jar: weir submit --jar "
        + "<app.jar> --class " + factoryClass));
    MessageDigest digest = Sha256.digest();
    long size = 0;
    int next = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(TopicTail.props(kafka,
            "weir-jars-fetch"));
        OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest)) {
      TopicPartition tp = new TopicPartition(topic, ClusterTopics.JAR_CHUNKS);
      c.assign(List.of(tp));
      c.seek(tp, h.firstChunkOffset());
      byte[] prefix = (sha256 + "/").getBytes(StandardCharsets.UTF_8);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      long end = Math.min(h.lastChunkOffset() + 1, c.endOffsets(List.of(tp)).get(tp));
      reading:
      while (c.position(tp) < end && next < h.chunkCount()) {
        if (System.nanoTime() > deadline) {
          throw new IOException("reading jar " + h.name() + " (" + sha256 + ") from " + topic
              + " took more than " + TIMEOUT.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.offset() > h.lastChunkOffset() || r.key() == null || r.value() == null
              || !startsWith(r.key(), prefix)) {
            continue; // a chunk of another jar, or past this jar's last chunk
          }
          JarChunk chunk;
          try {
            chunk = ProtocolCodec.decodeJarChunk(r.value());
          } catch (MalformedMessageException e) {
            break reading; // a damaged chunk: the checks below refuse the jar
          }
          if (chunk.index() < next) {
            continue; // a copy from another upload of the same jar, interleaved
          }
          if (chunk.index() > next) {
            break reading; // a chunk is missing: the checks below refuse the jar
          }
          out.write(chunk.data());
          size += chunk.data().length;
          next++;
          if (next == h.chunkCount()) {
            break reading;
          }
        }
      }
    } catch (KafkaException e) {
      Files.deleteIfExists(target);
      throw new IOException("cannot read jar " + h.name() + " (" + sha256 + ") from topic "
          + topic + ": " + e, e);
    }
    String actual = Sha256.hex(digest);
    if (!actual.equals(sha256) || next != h.chunkCount() || size != h.sizeBytes()) {
      Files.deleteIfExists(target);
      throw new RefusedJarException("job '" + jobId + "' refused: its jar " + h.name()
          + " as stored in topic " + topic + " has SHA-256 " + actual + " (" + size + " bytes in "
          + next + " of " + h.chunkCount() + " chunks), but the job names SHA-256 " + sha256
          + " (" + h.sizeBytes() + " bytes): the stored copy is damaged, incomplete or was "
          + "overwritten. "
          + "Nothing of the job ran. Store the jar again and resubmit: weir submit --jar "
          + h.name() + " --replace-jar --class " + factoryClass);
    }
    return h;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length > prefix.length
        && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static RecordMetadata await(Future<RecordMetadata> f, Path jar) throws IOException {
    try {
      return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while storing jar " + jar, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("storing jar " + jar + " failed: " + e, e);
    }
  }

  private synchronized KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> p = new HashMap<>(kafka);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      p.put(ProducerConfig.CLIENT_ID_CONFIG, "weir-jars-store");
      producer = new KafkaProducer<>(p);
    }
    return producer;
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
