package dev.weir.runner.distributed.internal;

import dev.weir.runner.distributed.internal.exchange.ExchangeTopics;
import dev.weir.runtime.plan.PhysicalPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of a cluster and of a job when missing (idempotent: every worker and the
 * submitter may call it; the first one creates). An existing topic with another partition
 * count than the plan needs is an error naming it: the job changed shape under the same id.
 */
public final class Provisioning {
  private Provisioning() {
  }

  /**
   * The cluster's compacted jobs and status topics, and its compacted jars topic (two
   * partitions: headers and chunks, see {@link ClusterTopics#jars()}).
   */
  public static void ensureCluster(Admin admin, ClusterTopics topics, short replication) {
    Map<String, String> compact = Map.of("cleanup.policy", "compact");
    create(admin, List.of(topic(topics.jobs(), 1, replication).configs(compact),
        topic(topics.status(), 1, replication).configs(compact),
        topic(topics.jars(), 2, replication).configs(compact)));
  }

  /**
   * A job's task, control, reports, checkpoints and requests (the broker's default retention)
   * and exchange topics.
   */
  public static void ensureJob(Admin admin, ClusterTopics topics, String jobId, PhysicalPlan plan,
      short replication) {
    Map<String, String> keep = new HashMap<>();
    keep.put("retention.ms", "-1");
    int partitions = new TaskLayout(plan).partitions();
    create(admin, List.of(topic(topics.tasks(jobId), partitions, replication),
        topic(topics.control(jobId), 1, replication).configs(keep),
        topic(topics.reports(jobId), 1, replication).configs(keep),
        topic(topics.checkpoints(jobId), 1, replication),
        topic(topics.requests(jobId), 1, replication)));
    try {
      // A topic just created is not at once in every broker's metadata.
      dev.weir.io.kafka.KafkaTopics.awaitLeaders(admin, List.of(topics.tasks(jobId)),
          java.time.Duration.ofSeconds(60));
      TopicDescription d = admin.describeTopics(List.of(topics.tasks(jobId))).allTopicNames().get()
          .get(topics.tasks(jobId));
      if (d.partitions().size() != partitions) {
        throw new IllegalStateException("topic " + topics.tasks(jobId) + " has "
            + d.partitions().size() + " partitions, but job '" + jobId + "' has "
            + (partitions - 1) + " subtasks (needs " + partitions + "); a job id names one plan: "
            + "submit the changed job under a new id");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking " + topics.tasks(jobId), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot describe " + topics.tasks(jobId) + ": " + e.getCause(), e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("job '" + jobId + "': " + e.getMessage(), e);
    }
    try {
      ExchangeTopics.ensure(admin, topics, jobId, plan, replication);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("job '" + jobId + "': " + e.getMessage(), e);
    }
  }

  /** A new topic; {@code replication} &lt;= 0 takes the broker's default. */
  public static NewTopic topic(String name, int partitions, short replication) {
    return new NewTopic(name, java.util.Optional.of(partitions), replication > 0
        ? java.util.Optional.of(replication) : java.util.Optional.empty());
  }

  private static void create(Admin admin, List<NewTopic> newTopics) {
    for (NewTopic t : newTopics) {
      try {
        admin.createTopics(List.of(t)).all().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topic " + t.name(), e);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause()
              + "; check that the Kafka user may create topics, or create it beforehand", e);
        }
      }
    }
  }
}
