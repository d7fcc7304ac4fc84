package dev.weir.io.kafka.internal.store;

import dev.weir.io.kafka.internal.TopicLeaders;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the state and manifest topics on first use (one partition, no time or size
 * retention, the configured replication factor) and waits until they have leaders. A topic that
 * already exists is used as it is; its configuration is checked and what would lose checkpoints
 * (time or size retention, compaction) is logged as a warning naming the topic and the fix.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  /** The configuration the store creates its topics with. */
  static final Map<String, String> TOPIC_CONFIG = Map.of(
      TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1");

  private final Admin admin;
  private final StoreSettings settings;
  private final String stateTopicKey;
  private final String manifestTopicKey;
  private final String replicationFactorKey;
  /** Whether both topics exist and have leaders; guarded by this. */
  private boolean ready;

  /**
   * A provisioner for {@code settings}' topics; the keys name the store properties that
   * choose the topics and the replication factor, for messages.
   */
  public TopicProvisioner(Admin admin, StoreSettings settings, String stateTopicKey,
      String manifestTopicKey, String replicationFactorKey) {
    this.admin = admin;
    this.settings = settings;
    this.stateTopicKey = stateTopicKey;
    this.manifestTopicKey = manifestTopicKey;
    this.replicationFactorKey = replicationFactorKey;
  }

  /** Returns once both topics exist and have leaders; creates them the first time. */
  public synchronized void ensureTopics() throws IOException {
    if (ready) {
      return;
    }
    provision(settings.stateTopic(), stateTopicKey);
    provision(settings.manifestTopic(), manifestTopicKey);
    // A topic just created may not be in every broker's metadata yet; wait for its leader.
    TopicLeaders.await(admin, List.of(settings.stateTopic(), settings.manifestTopic()),
        settings.timeout(), settings.where());
    ready = true;
  }

  private void provision(String topic, String configKey) throws IOException {
    NewTopic t = new NewTopic(topic, java.util.Optional.of(1), settings.replicationFactor())
        .configs(TOPIC_CONFIG);
    try {
      admin.createTopics(List.of(t)).all().get(settings.timeout().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        warnAboutExisting(topic, configKey);
        return;
      }
      throw new IOException("cannot create topic '" + topic + "' for checkpoints at "
          + settings.where() + ": " + e.getCause() + ". Create it (1 partition, retention.ms=-1)"
          + " or grant the store CREATE on it, or name an existing topic with '" + configKey
          + "' (the replication factor of created topics: '" + replicationFactorKey + "')",
          e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("creating topic '" + topic + "' at " + settings.where()
          + " took longer than " + settings.timeout() + " (is the cluster reachable?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io =
          new InterruptedIOException("interrupted while creating topic '" + topic + "'");
      io.initCause(e);
      throw io;
    }
  }

  private void warnAboutExisting(String topic, String configKey) throws IOException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config;
    try {
      config = ClusterCalls.await(admin.describeConfigs(List.of(resource)).values().get(resource),
          settings.timeout(), "reading the configuration of topic '" + topic + "'");
    } catch (IOException e) {
      if (e instanceof InterruptedIOException) {
        throw e;
      }
      // Describing needs DESCRIBE_CONFIGS, which a store that may only write need not have.
      LOG.warn("Checkpoint topic '{}' at {} exists; its configuration cannot be checked: {}",
          topic, settings.where(), e.getMessage());
      return;
    }
    for (String problem : problems(topic, config, configKey)) {
      LOG.warn(problem);
    }
  }

  /**
   * What in an existing topic's configuration would lose checkpoints: time or size retention
   * (blobs and manifests vanish) and compaction (only the last chunk of each job survives).
   */
  static List<String> problems(String topic, Config config, String configKey) {
    List<String> out = new ArrayList<>();
    for (String key : List.of(TopicConfig.RETENTION_MS_CONFIG,
        TopicConfig.RETENTION_BYTES_CONFIG)) {
      ConfigEntry e = config.get(key);
      if (e != null && e.value() != null && !e.value().equals("-1")) {
        out.add("Checkpoint topic '" + topic + "' has " + key + "=" + e.value()
            + ": checkpoints older than that may be deleted by the broker. Set " + key
            + "=-1 on it, or name another topic with '" + configKey + "'");
      }
    }
    ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    if (policy != null && policy.value() != null
        && policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      out.add("Checkpoint topic '" + topic + "' has " + TopicConfig.CLEANUP_POLICY_CONFIG + "="
          + policy.value() + ": compaction deletes checkpoint data. Set "
          + TopicConfig.CLEANUP_POLICY_CONFIG + "=delete on it, or name another topic with '"
          + configKey + "'");
    }
    return out;
  }
}
