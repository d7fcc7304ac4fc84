package dev.weir.io.kafka.internal.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The state topic's partition through the admin client: its end offset, and trimming it. */
public final class StateTopic {

  private static final Logger LOG = LoggerFactory.getLogger(StateTopic.class);

  private final Admin admin;
  private final StoreSettings settings;
  private final TopicPartition tp;
  /** The offset below which this instance deleted records; only grows. */
  private final AtomicLong deletedBelow = new AtomicLong();

  /** The state topic of {@code settings}. */
  public StateTopic(Admin admin, StoreSettings settings) {
    this.admin = admin;
    this.settings = settings;
    this.tp = settings.statePartition();
  }

  /** The offset this instance deleted records below, 0 if none. */
  public long deletedBelow() {
    return deletedBelow.get();
  }

  /** The offset the next record will get. */
  public long endOffset() throws IOException {
    return ClusterCalls.await(
        admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp),
        settings.timeout(), "reading the end offset of " + tp + " at " + settings.where())
        .offset();
  }

  /**
   * Deletes the records below {@code offset}. Best effort: a cluster that refuses (or does not
   * answer in time) keeps them, and a warning says so.
   */
  public void deleteBelow(long offset) throws IOException {
    try {
      admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset))).all()
          .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      deletedBelow.accumulateAndGet(offset, Math::max);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("cannot delete records of {} below offset {} (discarded checkpoints keep their"
          + " space; grant the store DELETE on topic '{}'): {}", tp, offset, tp.topic(),
          e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io =
          new InterruptedIOException("interrupted while deleting old records of " + tp);
      io.initCause(e);
      throw io;
    }
  }
}
