package dev.weir.io.kafka.internal.store;

import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes one blob to the state topic as a run of chunk records of at most {@code chunkBytes}:
 * key = job id, headers {@link ChunkHeaders#CHECKPOINT}, {@link ChunkHeaders#BLOB} (a random
 * 16-byte id shared by the blob's chunks), {@link ChunkHeaders#SEQ} and, on the last chunk,
 * {@link ChunkHeaders#LAST} (the blob's length). A chunk is sent as soon as the buffer fills;
 * {@link #finish()} flushes the producer and waits for the first and the last chunk, whose
 * offsets make the blob's {@link BlobLocation}.
 *
 * <p>One writer is used by one thread; the shared producer is thread-safe.
 */
public final class ChunkedBlobWriter extends BlobWriter {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Checks before every write that the store is still open. */
  @FunctionalInterface
  public interface OpenCheck {
    /** Throws if the store was closed. */
    void ensureOpen() throws IOException;
  }

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Duration timeout;
  private final OpenCheck store;
  private final Consumer<StateHandle> onFinished;
  private final byte[] key;
  private final byte[] blobId = new byte[16];
  private byte[] buffer;
  private int fill;
  private int seq;
  private Future<RecordMetadata> first;
  private Future<RecordMetadata> last;
  /** The first failure a send callback reported; set from the producer's I/O thread. */
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /**
   * A writer of a blob of {@code jobId}'s checkpoint {@code checkpointId} into
   * {@code settings.stateTopic()}; {@code onFinished} learns the handle of a finished blob.
   */
  public ChunkedBlobWriter(Producer<byte[], byte[]> producer, StoreSettings settings,
      OpenCheck store, Consumer<StateHandle> onFinished, String jobId, long checkpointId) {
    super(jobId, checkpointId);
    this.producer = producer;
    this.topic = settings.stateTopic();
    this.timeout = settings.timeout();
    this.store = store;
    this.onFinished = onFinished;
    this.key = jobId.getBytes(StandardCharsets.UTF_8);
    RANDOM.nextBytes(blobId);
    this.buffer = new byte[settings.chunkBytes()];
  }

  @Override
  protected void append(byte[] b, int off, int len) throws IOException {
    store.ensureOpen();
    checkFailure();
    while (len > 0) {
      int n = Math.min(len, buffer.length - fill);
      System.arraycopy(b, off, buffer, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == buffer.length) {
        send(-1);
      }
    }
  }

  @Override
  protected StateHandle complete(long length, long checksum) throws IOException {
    store.ensureOpen();
    send(length);
    producer.flush();
    RecordMetadata firstMeta = ClusterCalls.await(first, timeout,
        "writing the first chunk of a blob of " + describeBlob());
    // The idempotent producer keeps a partition's chunks in order: the last ack covers all.
    RecordMetadata lastMeta = ClusterCalls.await(last, timeout,
        "writing a chunk of a blob of " + describeBlob());
    checkFailure();
    String location = new BlobLocation(topic, firstMeta.partition(), firstMeta.offset(),
        lastMeta.offset()).toString();
    StateHandle handle = new StateHandle(jobId(), checkpointId(), location, length, checksum);
    onFinished.accept(handle);
    buffer = null;
    return handle;
  }

  @Override
  protected void abort() {
    buffer = null;
  }

  private void send(long totalLength) throws IOException {
    Headers headers = new RecordHeaders();
    headers.add(ChunkHeaders.CHECKPOINT, ChunkHeaders.longBytes(checkpointId()));
    headers.add(ChunkHeaders.BLOB, blobId);
    headers.add(ChunkHeaders.SEQ, ChunkHeaders.intBytes(seq));
    if (totalLength >= 0) {
      headers.add(ChunkHeaders.LAST, ChunkHeaders.longBytes(totalLength));
    }
    byte[] value = Arrays.copyOf(buffer, fill);
    try {
      last = producer.send(new ProducerRecord<>(topic, 0, key, value, headers), (meta, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        }
      });
    } catch (KafkaException e) {
      throw new IOException("writing a chunk of a blob of " + describeBlob() + " to topic '"
          + topic + "' failed: " + e, e);
    }
    if (first == null) {
      first = last;
    }
    seq++;
    fill = 0;
  }

  private void checkFailure() throws IOException {
    Exception e = failure.get();
    if (e != null) {
      throw new IOException("writing a chunk of a blob of " + describeBlob() + " to topic '"
          + topic + "' failed: " + e, e);
    }
  }

  private String describeBlob() {
    return "checkpoint " + checkpointId() + " of job '" + jobId() + "'";
  }
}
