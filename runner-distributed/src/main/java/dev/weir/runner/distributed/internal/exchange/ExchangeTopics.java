package dev.weir.runner.distributed.internal.exchange;

import dev.weir.io.kafka.KafkaTopics;
import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.PhysicalPlan;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The exchange topics of a job: creating them with one partition per channel, reading the end
 * offset of every exchange partition (the start offsets of a new epoch) and deleting records
 * below given offsets (trimming). Calls wait at most the admin client's
 * {@code default.api.timeout.ms}.
 */
public final class ExchangeTopics {
  /** Records leave an exchange topic by trimming only: no time or size retention. */
  static final Map<String, String> TOPIC_CONFIG = Map.of(
      TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
      TopicConfig.RETENTION_MS_CONFIG, "-1",
      TopicConfig.RETENTION_BYTES_CONFIG, "-1");

  /** How long new topics may take to have leaders. */
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);

  private ExchangeTopics() {
  }

  /**
   * Creates every exchange topic of {@code plan} that does not exist yet, with
   * {@link ClusterTopics#exchangePartitions} partitions, and returns once every partition of
   * them has a leader. A topic that exists with that many partitions is used as it is.
   *
   * @throws IllegalStateException if a topic exists with another number of partitions (naming
   *     the topic and both counts)
   * @throws IOException if the cluster refuses, fails or does not answer
   */
  public static void ensure(Admin admin, ClusterTopics topics, String jobId, PhysicalPlan plan,
      short replication) throws IOException {
    Map<String, Integer> wanted = new LinkedHashMap<>();
    for (Exchange e : plan.exchanges()) {
      wanted.put(topics.exchange(jobId, e), ClusterTopics.exchangePartitions(e));
    }
    if (wanted.isEmpty()) {
      return;
    }
    List<NewTopic> create = new ArrayList<>();
    wanted.forEach((name, partitions) -> create.add(
        new NewTopic(name, partitions, replication).configs(TOPIC_CONFIG)));
    Map<String, KafkaFuture<Void>> created = admin.createTopics(create).values();
    List<String> existing = new ArrayList<>();
    for (String name : wanted.keySet()) {
      try {
        await(created.get(name), "creating exchange topic '" + name + "' (" + wanted.get(name)
            + " partitions, replication factor " + replication + ")");
      } catch (IOException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        existing.add(name);
      }
    }
    // A topic just created is not at once in every broker's metadata; a first write to it may
    // fail meanwhile (and an idempotent producer's retry of it may then be refused).
    KafkaTopics.awaitLeaders(admin, wanted.keySet(), LEADER_TIMEOUT);
    if (!existing.isEmpty()) {
      Map<String, TopicDescription> described = await(admin.describeTopics(existing)
          .allTopicNames(), "describing exchange topics " + existing);
      for (String name : existing) {
        int actual = described.get(name).partitions().size();
        if (actual != wanted.get(name)) {
          throw new IllegalStateException("exchange topic '" + name + "' of job '" + jobId
              + "' exists with " + actual + " partitions, but the job's plan needs "
              + wanted.get(name) + " (one per channel); delete the topic or submit the job "
              + "under a new id");
        }
      }
    }
  }

  /** Every partition of every exchange topic of {@code plan}, in plan order. */
  public static List<TopicPartition> partitions(ClusterTopics topics, String jobId,
      PhysicalPlan plan) {
    List<TopicPartition> all = new ArrayList<>();
    for (Exchange e : plan.exchanges()) {
      String name = topics.exchange(jobId, e);
      for (int p = 0; p < ClusterTopics.exchangePartitions(e); p++) {
        all.add(new TopicPartition(name, p));
      }
    }
    return all;
  }

  /**
   * The end offset (high watermark) of every exchange partition of {@code plan}.
   *
   * @throws IOException if the cluster fails or does not answer, naming the partitions
   */
  public static Map<TopicPartition, Long> endOffsets(Admin admin, ClusterTopics topics,
      String jobId, PhysicalPlan plan) throws IOException {
    List<TopicPartition> all = partitions(topics, jobId, plan);
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    all.forEach(tp -> request.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = request.isEmpty()
        ? Map.of()
        : await(admin.listOffsets(request).all(), "reading the end offsets of the exchange "
            + "partitions of job '" + jobId + "'");
    Map<TopicPartition, Long> ends = new LinkedHashMap<>();
    all.forEach(tp -> ends.put(tp, info.get(tp).offset()));
    return ends;
  }

  /**
   * Deletes the records below {@code offsets} (per partition); offsets at or below a partition's
   * start change nothing.
   *
   * @throws IOException if the cluster refuses (e.g. an offset past the partition's end) or
   *     does not answer, naming the partitions
   */
  public static void trim(Admin admin, Map<TopicPartition, Long> offsets) throws IOException {
    Map<TopicPartition, RecordsToDelete> request = new HashMap<>();
    offsets.forEach((tp, offset) -> {
      if (offset > 0) {
        request.put(tp, RecordsToDelete.beforeOffset(offset));
      }
    });
    if (!request.isEmpty()) {
      await(admin.deleteRecords(request).all(), "deleting exchange records below " + request
          .entrySet().stream().map(e -> e.getKey() + "@" + e.getValue().beforeOffset()).toList());
    }
  }

  private static <T> T await(Future<T> call, String what) throws IOException {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw new IOException(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while " + what);
      io.initCause(e);
      throw io;
    }
  }
}
