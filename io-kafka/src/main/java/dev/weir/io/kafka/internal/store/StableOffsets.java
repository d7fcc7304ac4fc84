package dev.weir.io.kafka.internal.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until readers of committed records see a partition up to an offset, that is until its
 * last stable offset passes it. A transaction's commit returns once the transaction coordinator
 * recorded it; the commit markers reach the partition a moment later, and until then
 * {@code read_committed} consumers stop before the transaction's records.
 */
final class StableOffsets {
  private static final long MAX_PAUSE_MILLIS = 50;

  private final Admin admin;
  private final StoreSettings settings;

  StableOffsets(Admin admin, StoreSettings settings) {
    this.admin = admin;
    this.settings = settings;
  }

  /**
   * Returns once the last stable offset of {@code tp} is above {@code offset}.
   *
   * @param what what was written, for messages
   * @throws IOException naming {@code what} and the topic if that takes longer than the
   *     store's timeout, or if the offset cannot be read
   */
  void awaitAbove(TopicPartition tp, long offset, String what) throws IOException {
    Duration timeout = settings.timeout();
    long deadline = settings.clock().millis() + timeout.toMillis();
    long pause = 1;
    while (true) {
      long stable = ClusterCalls.await(admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
              new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(tp),
          timeout, "reading the last stable offset of topic '" + tp.topic() + "' after " + what)
          .offset();
      if (stable > offset) {
        return;
      }
      if (settings.clock().millis() > deadline) {
        throw new IOException(what + ": the transaction committed, but after " + timeout
            + " readers of topic '" + tp.topic() + "' still see it only up to offset " + stable
            + ", below the write at offset " + offset + "; check the broker's health (its "
            + "transaction markers are late)");
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException io = new InterruptedIOException("interrupted while waiting for "
            + "readers of topic '" + tp.topic() + "' to see " + what);
        io.initCause(e);
        throw io;
      }
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
  }
}
