package dev.weir.io.kafka.internal.store;

import dev.weir.sdk.spi.CheckpointManifestFormat;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The manifest topic: appends manifests, discard tombstones and attempt markers through the
 * {@link ManifestWrites} each call names, and reads what is new into a {@link ManifestIndex}
 * before every query. It reads only committed records ({@link StoreSettings#consumerProperties}),
 * so a transactional write that was aborted or fenced is never applied.
 *
 * <h2>Records</h2>
 * Key {@code <job>#<id>}; headers {@link ChunkHeaders#TYPE} ({@value #TYPE_MANIFEST},
 * {@value #TYPE_DISCARD} or {@value #TYPE_ATTEMPT}), {@link ChunkHeaders#CHECKPOINT},
 * {@link ChunkHeaders#JOB} and, on attempt markers, {@link ChunkHeaders#STATE_OFFSET}. The value
 * of a manifest record is the manifest's Avro bytes; a discard has none; an attempt is empty.
 * Records without these headers were not written by the store and are skipped.
 *
 * <h2>Threading</h2>
 * Thread-safe. One lock guards the consumer and the index and makes "read what is new, check,
 * append" one step for manifests and discards; attempt markers need no lock (a transactional
 * {@link ManifestWrites} serializes its own calls).
 */
public final class ManifestLog implements AutoCloseable {

  static final String TYPE_MANIFEST = "manifest";
  static final String TYPE_DISCARD = "discard";
  static final String TYPE_ATTEMPT = "attempt";

  private final StoreSettings settings;
  private final TopicPartition tp;
  /** Guards {@code consumer}, {@code index} and {@code closed}; serializes appends. */
  private final Object lock = new Object();
  private KafkaConsumer<byte[], byte[]> consumer;
  private final ManifestIndex index = new ManifestIndex();
  private boolean closed;
  /** The highest checkpoint id per job this instance wrote an attempt marker for. */
  private final Map<String, Long> announced = new ConcurrentHashMap<>();

  /** The manifest topic of {@code settings}. */
  public ManifestLog(StoreSettings settings) {
    this.settings = settings;
    this.tp = settings.manifestPartition();
  }

  /** Answers {@code query} on the index once it holds everything in the topic now. */
  public <T> T read(Function<ManifestIndex, T> query) throws IOException {
    synchronized (lock) {
      refresh();
      return query.apply(index);
    }
  }

  /**
   * Appends {@code manifest} through {@code writes}, the commit point of its checkpoint.
   *
   * @throws IllegalStateException if the checkpoint already has a manifest
   */
  public void append(CheckpointManifest manifest, ManifestWrites writes) throws IOException {
    byte[] bytes = CheckpointManifestFormat.encode(manifest);
    synchronized (lock) {
      refresh();
      if (index.manifest(manifest.jobId(), manifest.checkpointId()).isPresent()) {
        throw new IllegalStateException(manifest.describe() + " already has a manifest");
      }
      writes.write(List.of(record(manifest.jobId(), manifest.checkpointId(), TYPE_MANIFEST, bytes,
          null)), "writing the manifest of checkpoint " + manifest.checkpointId() + " of job '"
          + manifest.jobId() + "'");
    }
  }

  /**
   * Appends discard tombstones through {@code writes}: the checkpoints leave the listing once
   * they are durable.
   */
  public void appendDiscards(String job, Collection<Long> ids, ManifestWrites writes)
      throws IOException {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (long id : ids) {
      records.add(record(job, id, TYPE_DISCARD, null, null));
    }
    synchronized (lock) {
      writes.write(records, "writing discard markers for checkpoints " + ids + " of job '" + job
          + "'");
    }
  }

  /**
   * Appends an attempt marker for {@code job}'s checkpoint {@code id} the first time this
   * instance opens a blob of an id that high, so that {@code highestSeen} counts attempts that
   * never complete; the marker records {@code stateTopic}'s end offset, where the attempt's
   * blobs will start. The marker is written through {@code writes}.
   */
  public void announceAttempt(String job, long id, StateTopic stateTopic, ManifestWrites writes)
      throws IOException {
    Long known = announced.get(job);
    if (known != null && known >= id) {
      return;
    }
    writes.write(List.of(record(job, id, TYPE_ATTEMPT, new byte[0], stateTopic.endOffset())),
        "writing an attempt marker for checkpoint " + id + " of job '" + job + "'");
    announced.merge(job, id, Math::max);
  }

  private ProducerRecord<byte[], byte[]> record(String job, long id, String type, byte[] value,
      Long stateOffset) {
    Headers headers = new RecordHeaders();
    if (stateOffset != null) {
      headers.add(ChunkHeaders.STATE_OFFSET, ChunkHeaders.longBytes(stateOffset));
    }
    headers.add(ChunkHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
    headers.add(ChunkHeaders.CHECKPOINT, ChunkHeaders.longBytes(id));
    headers.add(ChunkHeaders.JOB, job.getBytes(StandardCharsets.UTF_8));
    byte[] key = (job + "#" + id).getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(tp.topic(), 0, key, value, headers);
  }

  /** Reads what is new in the topic into the index; the caller holds the lock. */
  private void refresh() throws IOException {
    if (closed) {
      throw new IOException("the Kafka checkpoint store on " + settings.stateTopic()
          + " is closed");
    }
    try {
      if (consumer == null) {
        consumer = new KafkaConsumer<>(settings.consumerProperties());
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
      }
      Duration timeout = settings.timeout();
      long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
      long deadline = settings.clock().millis() + timeout.toMillis();
      while (consumer.position(tp, timeout) < end) {
        if (settings.clock().millis() > deadline) {
          throw new IOException("reading topic '" + tp.topic() + "' up to offset " + end
              + " took longer than " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          apply(r);
        }
      }
    } catch (KafkaException e) {
      throw new IOException("reading the manifests in topic '" + tp.topic() + "' at "
          + settings.where() + ": " + e, e);
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) throws IOException {
    String type = ChunkHeaders.string(r.headers(), ChunkHeaders.TYPE);
    String job = ChunkHeaders.string(r.headers(), ChunkHeaders.JOB);
    Long id = ChunkHeaders.longValue(r.headers(), ChunkHeaders.CHECKPOINT);
    if (type == null || job == null || id == null) {
      return; // not written by this store
    }
    switch (type) {
      case TYPE_MANIFEST -> index.onManifest(job, id, decode(r, job, id));
      case TYPE_DISCARD -> index.onDiscard(job, id);
      case TYPE_ATTEMPT -> index.onAttempt(job, id,
          ChunkHeaders.longValue(r.headers(), ChunkHeaders.STATE_OFFSET));
      default -> { } // a record type of a later version: nothing this version must know
    }
  }

  private CheckpointManifest decode(ConsumerRecord<byte[], byte[]> r, String job, long id)
      throws IOException {
    try {
      return CheckpointManifestFormat.decode(r.value());
    } catch (IOException | RuntimeException e) {
      throw new IOException("the manifest of checkpoint " + id + " of job '" + job
          + "' at offset " + r.offset() + " of topic '" + tp.topic() + "' cannot be decoded: "
          + e, e);
    }
  }

  /** Closes the consumer; later reads fail. The producers belong to the store and its views. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (consumer != null) {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
        consumer = null;
      }
      index.clear();
    }
  }
}
