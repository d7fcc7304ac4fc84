package dev.weir.io.kafka.internal.store;

import dev.weir.sdk.checkpoint.VerifyingInputStream;
import dev.weir.sdk.checkpoint.BlobNotFoundException;
import dev.weir.sdk.checkpoint.CorruptCheckpointException;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The raw bytes of one blob, read chunk by chunk from the state topic: seeks to the first
 * chunk, skips chunks of other blobs written concurrently, and stops after the chunk marked
 * last (or at the blob's last offset). Holds one fetched batch at a time, never the whole blob.
 * Owns and closes its consumer.
 */
public final class KafkaBlobInputStream extends InputStream {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final BlobLocation at;
  private final StateHandle handle;
  private final Duration timeout;
  private final byte[] blobId;
  private Iterator<ConsumerRecord<byte[], byte[]>> batch;
  private byte[] chunk;
  private int pos;
  private int nextSeq;
  private boolean done;

  private KafkaBlobInputStream(KafkaConsumer<byte[], byte[]> consumer, BlobLocation at,
      StateHandle handle, Duration timeout, ConsumerRecord<byte[], byte[]> first,
      Iterator<ConsumerRecord<byte[], byte[]>> rest) throws IOException {
    this.consumer = consumer;
    this.at = at;
    this.handle = handle;
    this.timeout = timeout;
    this.blobId = ChunkHeaders.bytes(first.headers(), ChunkHeaders.BLOB);
    this.batch = rest;
    accept(first);
  }

  /**
   * Opens the blob at {@code at} with a consumer of its own, checking length and checksum as it
   * is read ({@link VerifyingInputStream}); closing the stream closes the consumer.
   */
  public static InputStream openVerified(StoreSettings settings, BlobLocation at,
      StateHandle handle) throws IOException {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.consumerProperties());
    try {
      InputStream raw = open(consumer, at, handle, settings.timeout(), settings.where());
      return new VerifyingInputStream(raw, handle, "");
    } catch (IOException | RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
  }

  /**
   * Opens the blob at {@code at}; throws {@link BlobNotFoundException} if no chunk of
   * {@code handle}'s job and checkpoint starts there.
   */
  public static KafkaBlobInputStream open(KafkaConsumer<byte[], byte[]> consumer,
      BlobLocation at, StateHandle handle, Duration timeout, String where) throws IOException {
    Iterator<ConsumerRecord<byte[], byte[]>> it = seek(consumer, at, at.firstOffset(), handle,
        timeout, where);
    ConsumerRecord<byte[], byte[]> first = it.next();
    String why = mismatch(first, at.firstOffset(), handle);
    if (why == null && !Objects.equals(ChunkHeaders.intValue(first.headers(), ChunkHeaders.SEQ),
        0)) {
      why = "the record at offset " + first.offset() + " is not the first chunk of a blob";
    }
    if (why == null && ChunkHeaders.bytes(first.headers(), ChunkHeaders.BLOB) == null) {
      why = "the record at offset " + first.offset() + " carries no blob id";
    }
    if (why != null) {
      throw new BlobNotFoundException(handle, where, why);
    }
    return new KafkaBlobInputStream(consumer, at, handle, timeout, first, it);
  }

  /**
   * Whether the record at {@code at}'s last offset is the last chunk of a blob of
   * {@code handle}'s job and checkpoint with {@code handle}'s length.
   */
  public static boolean lastChunkMatches(KafkaConsumer<byte[], byte[]> consumer,
      BlobLocation at, StateHandle handle, Duration timeout) throws IOException {
    Iterator<ConsumerRecord<byte[], byte[]>> it;
    try {
      it = seek(consumer, at, at.lastOffset(), handle, timeout, "");
    } catch (BlobNotFoundException e) {
      return false;
    }
    ConsumerRecord<byte[], byte[]> last = it.next();
    return mismatch(last, at.lastOffset(), handle) == null
        && Objects.equals(ChunkHeaders.longValue(last.headers(), ChunkHeaders.LAST),
            handle.length());
  }

  private static String mismatch(ConsumerRecord<byte[], byte[]> r, long offset,
      StateHandle handle) {
    if (r.offset() != offset) {
      return "no record at offset " + offset + " (the next one is at " + r.offset() + ")";
    }
    if (r.key() == null || !handle.jobId().equals(new String(r.key(), StandardCharsets.UTF_8))) {
      return "the record at offset " + offset + " belongs to another job";
    }
    if (!Objects.equals(ChunkHeaders.longValue(r.headers(), ChunkHeaders.CHECKPOINT),
        handle.checkpointId())) {
      return "the record at offset " + offset + " belongs to another checkpoint";
    }
    return null;
  }

  private static Iterator<ConsumerRecord<byte[], byte[]>> seek(
      KafkaConsumer<byte[], byte[]> consumer, BlobLocation at, long offset, StateHandle handle,
      Duration timeout, String where) throws IOException {
    TopicPartition tp = new TopicPartition(at.topic(), at.partition());
    try {
      List<TopicPartition> tps = List.of(tp);
      consumer.assign(tps);
      Long begin = consumer.beginningOffsets(tps, timeout).get(tp);
      Long end = consumer.endOffsets(tps, timeout).get(tp);
      if (begin == null || end == null) {
        throw new BlobNotFoundException(handle, where, "no partition " + tp);
      }
      if (at.firstOffset() < begin) {
        throw new BlobNotFoundException(handle, where, "the records of " + tp + " below offset "
            + begin + " were deleted");
      }
      if (at.lastOffset() >= end) {
        throw new BlobNotFoundException(handle, where, tp + " ends at offset " + end);
      }
      consumer.seek(tp, offset);
      Iterator<ConsumerRecord<byte[], byte[]>> it = poll(consumer, tp, timeout, handle);
      if (!it.hasNext()) {
        throw new IOException("no records of " + tp + " from offset " + offset + " within "
            + timeout + " (reading " + handle.describe() + ")");
      }
      return it;
    } catch (KafkaException e) {
      throw new IOException("reading " + handle.describe() + " from " + tp + ": " + e, e);
    }
  }

  private static Iterator<ConsumerRecord<byte[], byte[]>> poll(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, Duration timeout,
      StateHandle handle) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(Duration.ofMillis(200))
          .records(tp);
      if (!records.isEmpty() || System.nanoTime() > deadline) {
        return records.iterator();
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (chunk == null || pos == chunk.length) {
      if (done) {
        return -1;
      }
      nextChunk();
    }
    int n = Math.min(len, chunk.length - pos);
    System.arraycopy(chunk, pos, b, off, n);
    pos += n;
    return n;
  }

  private void nextChunk() throws IOException {
    try {
      while (true) {
        if (!batch.hasNext()) {
          batch = poll(consumer, new TopicPartition(at.topic(), at.partition()), timeout, handle);
          if (!batch.hasNext()) {
            throw new IOException("no records of " + at.topic() + "-" + at.partition()
                + " within " + timeout + " while reading " + handle.describe());
          }
        }
        ConsumerRecord<byte[], byte[]> r = batch.next();
        if (r.offset() > at.lastOffset()) {
          done = true;
          chunk = null;
          return;
        }
        if (Arrays.equals(blobId, ChunkHeaders.bytes(r.headers(), ChunkHeaders.BLOB))) {
          accept(r);
          return;
        }
      }
    } catch (KafkaException e) {
      throw new IOException("reading " + handle.describe() + ": " + e, e);
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> r) throws IOException {
    Integer seq = ChunkHeaders.intValue(r.headers(), ChunkHeaders.SEQ);
    if (seq == null || seq != nextSeq) {
      throw new CorruptCheckpointException(handle.jobId(), handle.checkpointId(),
          handle.location(), "chunk " + nextSeq + " expected at offset " + r.offset()
              + ", found " + seq);
    }
    nextSeq++;
    chunk = r.value() == null ? new byte[0] : r.value();
    pos = 0;
    if (r.headers().lastHeader(ChunkHeaders.LAST) != null || r.offset() >= at.lastOffset()) {
      done = true;
    }
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ZERO));
  }
}
