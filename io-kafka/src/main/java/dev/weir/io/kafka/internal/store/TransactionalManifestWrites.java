package dev.weir.io.kafka.internal.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manifest-topic writes through a transactional producer, one transaction per call. Creating
 * an instance takes the transactional id: {@code initTransactions} fences every earlier
 * producer with the same id (in this JVM or another) and aborts its open transaction. From
 * then on, a write of the earlier instance is refused by the broker and fails with an
 * {@link IOException} saying it was fenced; nothing of it becomes visible to readers, which
 * read the topic with {@code isolation.level=read_committed}. A write returns once such readers
 * see it, so the writer reads its own writes as the {@code CheckpointStore} contract wants.
 *
 * <p>Thread-safe: calls are serialized (a producer has one transaction at a time).
 */
public final class TransactionalManifestWrites implements ManifestWrites, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionalManifestWrites.class);

  private final StoreSettings settings;
  private final String transactionalId;
  private final KafkaProducer<byte[], byte[]> producer;
  private final StableOffsets stable;
  /** Set once the broker said a newer producer took the id; guarded by {@code this}. */
  private boolean fenced;
  /** Guarded by {@code this}. */
  private boolean closed;

  /**
   * Creates the producer and takes {@code transactionalId}, fencing every earlier holder;
   * {@code admin} (the store's) reads when a commit became visible.
   *
   * @throws IOException naming the id and the cluster if the id cannot be taken
   */
  public TransactionalManifestWrites(StoreSettings settings, Admin admin,
      String transactionalId) throws IOException {
    this.settings = settings;
    this.transactionalId = transactionalId;
    this.stable = new StableOffsets(admin, settings);
    KafkaProducer<byte[], byte[]> p = null;
    try {
      p = new KafkaProducer<>(settings.transactionalProducerProperties(transactionalId));
      p.initTransactions();
    } catch (KafkaException e) {
      if (p != null) {
        closeAfterFailure(p, e);
      }
      throw new IOException("taking transactional id '" + transactionalId + "' for writes to "
          + "the manifest topic '" + settings.manifestTopic() + "' at " + settings.where()
          + " failed: " + e + " (the cluster must allow transactions, and the client's principal"
          + " needs WRITE and DESCRIBE on the transactional id)", e);
    }
    this.producer = p;
    LOG.info("took transactional id '{}' for writes to the manifest topic '{}'",
        transactionalId, settings.manifestTopic());
  }

  /** The transactional id this instance holds (or held, once fenced). */
  public String transactionalId() {
    return transactionalId;
  }

  @Override
  public synchronized void write(List<ProducerRecord<byte[], byte[]>> records, String what)
      throws IOException {
    if (closed) {
      throw new IOException(what + " to topic '" + settings.manifestTopic() + "' is refused: "
          + "the writer with transactional id '" + transactionalId + "' is closed");
    }
    if (fenced) {
      throw fencedError(what, null);
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try {
      producer.beginTransaction();
      for (ProducerRecord<byte[], byte[]> r : records) {
        sent.add(producer.send(r));
      }
      producer.commitTransaction();
    } catch (InterruptException e) {
      abortAfter(e);
      InterruptedIOException io = new InterruptedIOException("interrupted while " + what
          + " to topic '" + settings.manifestTopic() + "' (transactional id '"
          + transactionalId + "'); the transaction was aborted");
      io.initCause(e);
      throw io;
    } catch (KafkaException e) {
      if (!isFencing(e)) {
        abortAfter(e);
      }
      if (fenced || isFencing(e)) {
        fenced = true;
        throw fencedError(what, e);
      }
      throw new IOException(what + " to topic '" + settings.manifestTopic() + "' in a "
          + "transaction (transactional id '" + transactionalId + "') failed and nothing of it "
          + "is visible: " + e, e);
    }
    long last = -1;
    for (Future<RecordMetadata> f : sent) { // all done: the commit flushed them
      last = Math.max(last, ClusterCalls.await(f, settings.timeout(), what).offset());
    }
    if (last >= 0) {
      stable.awaitAbove(settings.manifestPartition(), last, what);
    }
  }

  /** Aborts the open transaction after {@code cause}; a failure to do so is added to it. */
  private void abortAfter(KafkaException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      if (isFencing(e)) {
        fenced = true;
      }
      cause.addSuppressed(e);
    }
  }

  private IOException fencedError(String what, KafkaException cause) {
    return new IOException(what + " to topic '" + settings.manifestTopic() + "' was refused: "
        + "this writer (transactional id '" + transactionalId + "') was fenced by a newer owner "
        + "of that transactional id, and nothing of the write is visible. Another coordinator "
        + "owns the job now; stop this one.", cause);
  }

  private static boolean isFencing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  /** Closes the producer; later writes fail. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      producer.close(settings.timeout());
    } catch (KafkaException e) {
      throw new IOException("closing the producer of transactional id '" + transactionalId
          + "' (manifest topic '" + settings.manifestTopic() + "'): " + e, e);
    }
  }

  private static void closeAfterFailure(KafkaProducer<byte[], byte[]> p, Exception cause) {
    try {
      p.close(Duration.ZERO);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
