package dev.weir.runner.distributed.internal.worker;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.TaskLayout;
import dev.weir.runner.distributed.internal.coordinator.JobCoordinator;
import dev.weir.runner.distributed.internal.coordinator.StatusWriter;
import dev.weir.runner.distributed.internal.exchange.KafkaOutputChannel;
import dev.weir.runner.distributed.internal.membership.JobMembership;
import dev.weir.runner.distributed.internal.protocol.ControlMessage;
import dev.weir.runner.distributed.internal.protocol.JobDefinition;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.task.JobMetricsAssembler;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.checkpoint.CheckpointConfig;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job on one worker: its membership in the job's group, the control topic it follows, the
 * subtasks it runs in the current epoch and, while it holds task-topic partition 0, the job's
 * coordinator.
 *
 * <p>The subtasks of a rebalance start when both are known: this member's assignment (from the
 * membership thread) and the coordinator's {@code START} naming the same rebalance (from the
 * control thread), whichever comes first. Control messages of the new epoch that arrive
 * before the subtasks exist are kept and delivered once they start.
 */
final class JobMember implements JobMembership.Handler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobMember.class);

  private final WorkerContext worker;
  private final JobDefinition definition;
  private final PhysicalPlan plan;
  private final TaskLayout layout;
  private final CheckpointConfig checkpointConfig;
  private final KafkaProducer<byte[], byte[]> producer;
  private final ExecutorService async;
  private final ReportSender reports;
  private final JobMembership membership;
  private final TopicTail control;
  private final Runnable onEnded;
  private final ClassLoader loader;
  private final java.util.function.Consumer<JobMetrics> onClosed;

  // Guarded by this.
  private String rebalanceId;
  private Set<Integer> partitions = Set.of();
  private ControlMessage.Start latestStart;
  private final List<ControlMessage> early = new ArrayList<>();
  private EpochTasks tasks;
  /** The subtasks of the latest epoch, also once stopped (for their counters). */
  private volatile EpochTasks latestTasks;
  /** The counts of {@link #latestTasks} once this member closed (set before they are let go). */
  private volatile JobMetrics finalMetrics;
  private JobCoordinator coordinator;
  private boolean closed;

  /**
   * Construct and {@link #start()} with {@code loader} as the thread's context class loader:
   * the threads of the job (control, membership, subtasks, coordinator, snapshots) inherit it.
   *
   * @param loader the job's class loader (its jar's, or the worker's)
   * @param onClosed learns the job's final metrics on this worker once it has left the job
   */
  JobMember(WorkerContext worker, JobDefinition definition, PhysicalPlan plan,
      ClassLoader loader, Runnable onEnded, java.util.function.Consumer<JobMetrics> onClosed) {
    this.worker = worker;
    this.definition = definition;
    this.plan = plan;
    this.loader = loader;
    this.onEnded = onEnded;
    this.onClosed = onClosed;
    this.layout = new TaskLayout(plan);
    this.checkpointConfig = JobSettings.checkpointConfig(definition);
    String jobId = definition.jobId();
    this.producer = new KafkaProducer<>(KafkaOutputChannel.producerProperties(
        worker.producerProps("weir-" + worker.name() + "-" + jobId)));
    this.async = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "weir-" + jobId + "-snapshot");
      t.setDaemon(true);
      return t;
    });
    ClusterTopics topics = worker.topics();
    this.reports = new ReportSender(producer, topics.reports(jobId));
    this.membership = new JobMembership(worker.kafka(), jobId, topics.group(jobId),
        topics.tasks(jobId), worker.name(), worker.slots(), worker.sessionTimeoutMs(), this);
    this.control = new TopicTail(worker.kafka(), topics.control(jobId), -1,
        "weir-" + jobId + "-control", this::onControl);
  }

  String jobId() {
    return definition.jobId();
  }

  void start() {
    control.start();
    membership.start();
    LOG.info("Worker {}: joined job '{}' ({} subtasks)", worker.name(), jobId(),
        layout.taskIds().size());
  }

  // ---- membership thread

  @Override
  public synchronized void revoked() {
    stopEpoch();
    rebalanceId = null;
    partitions = Set.of();
  }

  @Override
  public synchronized void assigned(String rebalanceId, int generation, Set<Integer> assigned,
      int missingSlots, Map<Integer, String> workers) {
    if (closed) {
      return;
    }
    this.rebalanceId = rebalanceId;
    Set<Integer> subtasks = new TreeSet<>(assigned);
    subtasks.remove(0);
    this.partitions = subtasks;
    LOG.info("Worker {}: job '{}' rebalance {} (generation {}): subtasks {}{}", worker.name(),
        jobId(), rebalanceId.substring(0, 8), generation,
        subtasks.stream().map(layout::taskId).toList(), assigned.contains(0) ? " and the coordinator" : "");
    if (assigned.contains(0)) {
      coordinator = new JobCoordinator(new JobCoordinator.Context(jobId(), plan, layout,
          worker.topics(), worker.kafka(), worker.admin(),
          () -> worker.fencedStore(worker.topics().coordinatorTransactionalId(jobId()) + ".manifests"),
          checkpointConfig, JobSettings.restartStrategy(definition),
          JobSettings.allowNonRestoredState(definition), JobSettings.resume(definition),
          new StatusWriter(producer, worker.topics()), worker::acceptFinishedBlobs), rebalanceId, missingSlots, workers,
          t -> membership.requestRebalance());
      coordinator.start();
    }
    maybeStartEpoch();
  }

  // ---- control thread

  private void onControl(ConsumerRecord<byte[], byte[]> r) {
    ControlMessage m = ProtocolCodec.decodeControlMessage(r.value());
    LOG.debug("Worker {}: job '{}' control {}", worker.name(), jobId(), m);
    if (m instanceof ControlMessage.End end) {
      LOG.info("Worker {}: job '{}' ended ({})", worker.name(), jobId(), end.state());
      Thread t = new Thread(() -> {
        close();
        onEnded.run();
      }, "weir-" + jobId() + "-leave");
      t.setDaemon(true);
      t.start();
      return;
    }
    synchronized (this) {
      if (m instanceof ControlMessage.Start s) {
        if (latestStart == null || s.epoch() > latestStart.epoch()) {
          latestStart = s;
          early.clear();
          maybeStartEpoch();
        }
      } else if (tasks != null && tasks.epoch() == m.epoch()) {
        tasks.deliver(m);
      } else if (latestStart != null && latestStart.epoch() == m.epoch()) {
        early.add(m);
      }
    }
  }

  private void maybeStartEpoch() {
    ControlMessage.Start s = latestStart;
    if (closed || s == null || rebalanceId == null || !s.rebalanceId().equals(rebalanceId)
        || tasks != null && tasks.epoch() == s.epoch()) {
      return;
    }
    stopTasks();
    try {
      CheckpointManifest restored = s.restoreCheckpointId() < 0 ? null
          : manifest(worker.store(), s.restoreCheckpointId());
      EpochTasks.Context ctx = new EpochTasks.Context(jobId(), plan, layout, worker.topics(),
          worker.kafka(), worker.store(), async, producer, reports, JobSettings.BATCH_SIZE,
          checkpointConfig.maxDeltaChain(), worker.faults(), worker.clock(), worker.lagGuard(),
          loader);
      tasks = new EpochTasks(ctx, s.epoch(), partitions, restored,
          ClusterTopics.offsetsByPartition(s.startOffsets()),
          t -> membership.requestRebalance());
      latestTasks = tasks;
      tasks.start();
      early.forEach(tasks::deliver);
      early.clear();
    } catch (IOException | RuntimeException e) {
      LOG.error("Worker {}: job '{}' epoch {}: could not start subtasks {}: {}", worker.name(),
          jobId(), s.epoch(), partitions, e.toString(), e);
      membership.requestRebalance();
    }
  }

  /** The epoch of the latest {@code START} this member saw, or 0. */
  synchronized long epoch() {
    return latestStart == null ? 0 : latestStart.epoch();
  }

  /** The restart count of the latest {@code START} this member saw, or 0. */
  synchronized int restarts() {
    return latestStart == null ? 0 : latestStart.restarts();
  }

  /** The record counts of this worker's subtasks of the job in the latest epoch it ran. */
  JobMetrics metrics() {
    EpochTasks t = latestTasks;
    if (t == null && finalMetrics != null) {
      return finalMetrics; // closed: the tasks are let go, their counts kept
    }
    List<LogicalNode> nodes = new ArrayList<>();
    plan.chains().forEach(c -> nodes.addAll(c.nodes()));
    return JobMetricsAssembler.of(nodes, t == null ? List.of() : t.tasks());
  }

  private CheckpointManifest manifest(CheckpointStore store, long id) throws IOException {
    // The store's namespace is the plan's job name (as the runtime writes manifests under it).
    for (CheckpointManifest m : store.listCheckpoints(plan.jobName())) {
      if (m.checkpointId() == id) {
        return m;
      }
    }
    throw new IOException("job '" + jobId() + "': the coordinator restores checkpoint " + id
        + ", but this worker's store does not list it");
  }

  private void stopTasks() {
    if (tasks != null) {
      tasks.stop();
      tasks = null;
    }
  }

  private void stopEpoch() {
    if (coordinator != null) {
      coordinator.stop();
      coordinator = null;
    }
    stopTasks();
  }

  /** Leaves the job: the group (others take over at once), the control topic, the subtasks. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    membership.close(); // revokes: stops the subtasks and the coordinator
    synchronized (this) {
      stopEpoch();
    }
    control.close();
    async.shutdownNow();
    producer.close(java.time.Duration.ofSeconds(5));
    finalMetrics = metrics();
    latestTasks = null; // the tasks hold the job's classes: let its class loader go
    onClosed.accept(finalMetrics);
  }
}
