package dev.weir.runner.distributed;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.protocol.JobRequest;
import dev.weir.runner.distributed.internal.protocol.JobStatus;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What a client asks of a running job through its requests topic (a checkpoint, a savepoint,
 * a stop), and how it learns the outcome: from the job's status topic, which the job's
 * coordinator writes per checkpoint.
 */
final class JobRequests {
  private final DistributedRunner runner;
  private final ClusterTopics topics;

  JobRequests(DistributedRunner runner, ClusterTopics topics) {
    this.runner = runner;
    this.topics = topics;
  }

  /** How long a checkpoint or savepoint request waits for its checkpoint. */
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  /**
   * Asks the job's coordinator for a checkpoint (or a savepoint) now; completes with the id of
   * the first checkpoint (savepoint) that completes after the request, or exceptionally if the
   * job ends or none completes within {@link #TIMEOUT}.
   */
  CompletableFuture<Long> request(String jobId, JobRequest.Kind kind) {
    Optional<JobStatus> now = runner.status(jobId);
    if (now.isEmpty() && !runner.topicExists(topics.requests(jobId))) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("no job '" + jobId
          + "' in cluster '" + topics.cluster() + "' (see weir jobs list)"));
    }
    if (now.isPresent() && isEnded(now.get())) {
      return CompletableFuture.failedFuture(new IllegalStateException("job '" + jobId
          + "' has ended (" + now.get().state() + "): no " + kind));
    }
    long before = now.map(JobStatus::latestCheckpointId).orElse(-1L);
    JobRequest request = new JobRequest(UUID.randomUUID().toString(), kind,
        System.currentTimeMillis());
    runner.write(topics.requests(jobId), request.requestId(), ProtocolCodec.encode(request));
    CompletableFuture<Long> done = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        done.complete(awaitCheckpoint(jobId, kind, before, request.requestId()));
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
    }, "weir-request-" + request.requestId());
    waiter.setDaemon(true);
    waiter.start();
    return done;
  }

  /**
   * Asks the job's coordinator to stop the job (its final checkpoint a savepoint if
   * {@code savepoint}); returns once the request is written.
   */
  void requestStop(String jobId, boolean savepoint) {
    Optional<JobStatus> now = runner.status(jobId);
    if (now.isEmpty() && !runner.topicExists(topics.requests(jobId))) {
      throw new IllegalArgumentException("no job '" + jobId + "' in cluster '"
          + topics.cluster() + "' (see weir jobs list)");
    }
    JobRequest request = new JobRequest(UUID.randomUUID().toString(),
        savepoint ? JobRequest.Kind.STOP_WITH_SAVEPOINT : JobRequest.Kind.STOP,
        System.currentTimeMillis());
    runner.write(topics.requests(jobId), request.requestId(), ProtocolCodec.encode(request));
  }

  private long awaitCheckpoint(String jobId, JobRequest.Kind kind, long after, String requestId)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long checked = after;
    while (System.nanoTime() < deadline) {
      Optional<JobStatus> s = runner.status(jobId);
      long latest = s.map(JobStatus::latestCheckpointId).orElse(-1L);
      for (long id = Math.max(checked, Math.max(after, 0)) + 1; id <= latest; id++) {
        if (kind == JobRequest.Kind.CHECKPOINT) {
          return id;
        }
        Optional<CheckpointManifest> m = runner.store().manifest(jobId, id);
        if (m.isPresent() && m.get().savepoint()) {
          return id;
        }
      }
      checked = Math.max(checked, latest);
      if (s.isPresent() && isEnded(s.get())) {
        throw new IllegalStateException("job '" + jobId + "' ended (" + s.get().state()
            + ") before the " + kind + " of request " + requestId + " completed");
      }
      Thread.sleep(50); // follows the status topic, which the coordinator writes per checkpoint
    }
    throw new java.util.concurrent.TimeoutException("no " + kind + " of job '" + jobId
        + "' completed within " + TIMEOUT.toSeconds() + " s of request " + requestId
        + "; see the log of the job's coordinator (the worker that holds it: weir jobs list)");
  }

  private static boolean isEnded(JobStatus s) {
    return !s.state().equals("RUNNING") && !s.state().equals(JobStatus.STARTING)
        && !s.state().equals(JobStatus.WAITING);
  }
}
