package dev.weir.io.kafka.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Waits until every partition of some topics has a leader: a topic that was just created is
 * not at once in the metadata of every broker, and a first write may fail meanwhile.
 */
public final class TopicLeaders {
  private TopicLeaders() {
  }

  /**
   * Returns once all partitions of {@code topics} have leaders.
   *
   * @throws IOException if that takes longer than {@code timeout}, naming the topics
   */
  public static void await(Admin admin, Collection<String> topics, Duration timeout, String where)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseNanos = 1_000_000;
    while (true) {
      try {
        Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (d.values().stream().allMatch(t -> !t.partitions().isEmpty()
            && t.partitions().stream().allMatch(p -> p.leader() != null))) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IOException("cannot describe topics " + topics + " at " + where + ": "
              + e.getCause().getMessage(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IOException("describing topics " + topics + " at " + where + " took longer than "
            + timeout + " (is the cluster reachable?)", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the leaders of " + topics);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("topics " + topics + " at " + where + " have no leader for every "
            + "partition after " + timeout);
      }
      // Back off: metadata propagates in milliseconds on a healthy cluster.
      LockSupport.parkNanos(pauseNanos);
      pauseNanos = Math.min(pauseNanos * 2, 100_000_000);
    }
  }
}
