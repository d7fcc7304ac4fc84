package dev.weir.runner.distributed;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.JobPlans;
import dev.weir.runner.distributed.internal.protocol.JobDefinition;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runner.distributed.internal.worker.TopicTail;
import dev.weir.sdk.JobPlan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's physical plan as a client can know it: planned here from the job's definition on the
 * jobs topic, as its submitter and its workers plan it, when the job's class is on this
 * process's classpath. Nothing for a job submitted with a jar, a job whose definition is gone
 * (it ended, or its cancellation replaced it) or whose class is not here.
 */
final class JobPlanLookup {
  private static final Logger LOG = LoggerFactory.getLogger(JobPlanLookup.class);

  private JobPlanLookup() {
  }

  static Optional<JobPlan> plan(Map<String, Object> kafka, ClusterTopics topics, String jobId) {
    byte[] key = jobId.getBytes(StandardCharsets.UTF_8);
    byte[][] latest = new byte[1][];
    TopicTail.scan(kafka, topics.jobs(), "weir-plan-lookup", r -> {
      if (r.key() != null && Arrays.equals(r.key(), key)) {
        latest[0] = r.value();
      }
    });
    if (latest[0] == null) {
      return Optional.empty();
    }
    JobDefinition def = ProtocolCodec.decodeJobDefinition(latest[0]);
    if (def.cancelRequested() || def.hasJar()) {
      return Optional.empty();
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : JobPlanLookup.class.getClassLoader();
    try {
      return Optional.of(JobPlans.plan(jobId, def.factoryClass(), def.options(), def.args(),
          loader).describe());
    } catch (RuntimeException e) {
      LOG.debug("No plan of job '{}' here: {}", jobId, e.toString());
      return Optional.empty();
    }
  }
}
