package dev.weir.runner.distributed.internal;

import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.ExchangeType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import java.util.regex.Pattern;

/**
 * The names of every topic and group of one Weir cluster, in one place (see
 * docs/distributed.md, "Topics"). A cluster is a name shared by workers and clients on one
 * Kafka cluster; several Weir clusters can share a Kafka cluster.
 */
public final class ClusterTopics {
  private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]+");

  private final String cluster;

  public ClusterTopics(String cluster) {
    this.cluster = requireLegal(cluster, "cluster name (--cluster)");
  }

  public String cluster() {
    return cluster;
  }

  /** The compacted topic of job definitions, keyed by job id. */
  public String jobs() {
    return "weir." + cluster + ".jobs";
  }

  /** The compacted topic of job status, keyed by job id. */
  public String status() {
    return "weir." + cluster + ".status";
  }

  /**
   * The compacted topic of submitted jars: partition {@link #JAR_HEADERS} holds one header per
   * jar keyed by its SHA-256, partition {@link #JAR_CHUNKS} the jars' chunks keyed
   * {@code <sha256>/<index>}.
   */
  public String jars() {
    return "weir." + cluster + ".jars";
  }

  /** The partition of the jars topic that holds the headers. */
  public static final int JAR_HEADERS = 0;
  /** The partition of the jars topic that holds the chunks. */
  public static final int JAR_CHUNKS = 1;

  /** A job's membership topic: partition 0 is the coordinator, 1 + i the i-th subtask. */
  public String tasks(String jobId) {
    return prefix(jobId) + ".tasks";
  }

  /** The consumer group of a job's workers. */
  public String group(String jobId) {
    return prefix(jobId);
  }

  /**
   * The group a job's exchange readers commit their positions under (tagged with the epoch),
   * for the writers' flow control; never joined by a member.
   */
  public String exchangeReaders(String jobId) {
    return prefix(jobId) + ".readers";
  }

  /** The transactional id of a job's coordinator: a new owner fences every older one. */
  public String coordinatorTransactionalId(String jobId) {
    return prefix(jobId) + ".coordinator";
  }

  /** Coordinator to tasks. */
  public String control(String jobId) {
    return prefix(jobId) + ".control";
  }

  /** Tasks to coordinator. */
  public String reports(String jobId) {
    return prefix(jobId) + ".reports";
  }

  /** Clients to a job's coordinator: checkpoints and savepoints on request. */
  public String requests(String jobId) {
    return prefix(jobId) + ".requests";
  }

  /** A job's checkpoint history: one record per completed checkpoint, keyed by its id. */
  public String checkpoints(String jobId) {
    return prefix(jobId) + ".checkpoints";
  }

  /** The topic of one exchange of a job. */
  public String exchange(String jobId, Exchange exchange) {
    return prefix(jobId) + ".x" + exchange.id();
  }

  /** The checkpoint store's state topic for this cluster. */
  public String checkpointState() {
    return "weir." + cluster + ".checkpoint-state";
  }

  /** The checkpoint store's manifest topic for this cluster. */
  public String checkpointManifests() {
    return "weir." + cluster + ".checkpoint-manifests";
  }

  /** Partitions of an exchange's topic: one per channel. */
  public static int exchangePartitions(Exchange exchange) {
    int up = exchange.fromChain().parallelism();
    return exchange.type() == ExchangeType.FORWARD ? up : up * exchange.toChain().parallelism();
  }

  /** The partition of the channel from upstream subtask {@code u} to downstream subtask {@code d}. */
  public static int exchangePartition(Exchange exchange, int u, int d) {
    if (exchange.type() == ExchangeType.FORWARD) {
      if (u != d) {
        throw new IllegalArgumentException("a forward exchange connects subtask " + u + " only to "
            + "subtask " + u + ", not " + d + ": " + exchange.label());
      }
      return u;
    }
    return u * exchange.toChain().parallelism() + d;
  }

  /** Offsets keyed "topic:partition", as control messages and reports carry them. */
  public static Map<String, Long> offsetsByKey(Map<TopicPartition, Long> offsets) {
    Map<String, Long> out = new LinkedHashMap<>();
    offsets.forEach((tp, o) -> out.put(tp.topic() + ":" + tp.partition(), o));
    return out;
  }

  /** The inverse of {@link #offsetsByKey}; the keys were checked when the message was decoded. */
  public static Map<TopicPartition, Long> offsetsByPartition(Map<String, Long> offsets) {
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    offsets.forEach((k, o) -> {
      int colon = k.lastIndexOf(':');
      out.put(new TopicPartition(k.substring(0, colon), Integer.parseInt(k.substring(colon + 1))),
          o);
    });
    return out;
  }

  private String prefix(String jobId) {
    return "weir." + cluster + "." + requireLegal(jobId, "job id");
  }

  /** Checks a name that becomes part of a topic name. */
  public static String requireLegal(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!LEGAL.matcher(name).matches() || name.length() > 100) {
      throw new IllegalArgumentException("the " + what + " '" + name + "' may contain only "
          + "letters, digits, '.', '_' and '-' (at most 100), since it becomes part of topic names");
    }
    return name;
  }
}
