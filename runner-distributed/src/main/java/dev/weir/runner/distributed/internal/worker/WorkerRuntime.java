package dev.weir.runner.distributed.internal.worker;

import dev.weir.io.kafka.KafkaCheckpointStore;
import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.JobPlans;
import dev.weir.runner.distributed.internal.Provisioning;
import dev.weir.runner.distributed.internal.coordinator.StatusWriter;
import dev.weir.runner.distributed.internal.exchange.LagGuard;
import dev.weir.runner.distributed.internal.protocol.JobDefinition;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.spi.FaultInjector;
import dev.weir.sdk.JobMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import dev.weir.runner.distributed.internal.jars.JarStore;
import dev.weir.runner.distributed.internal.jars.RefusedJarException;
import dev.weir.runner.distributed.internal.jars.WorkerJars;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's runtime: follows the cluster's jobs topic and runs a {@link JobMember} for
 * every live job whose plan matches its definition. A job whose class is missing or whose plan
 * differs from the submitted one is refused on this worker (logged as an error naming the first
 * differing step), and the worker does not join its group, so the job runs on the others.
 *
 * <p>A job that names a jar is loaded from it ({@link WorkerJars}: fetched once per SHA-256,
 * verified, a class loader per job, unloaded when the job leaves this worker). A jar that is
 * not stored or whose bytes do not match its SHA-256 fails the job (status FAILED, definition
 * removed): every worker would find the same.
 */
public final class WorkerRuntime implements WorkerContext, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  /**
   * Worker settings.
   *
   * @param jobClassLoader loads jobs that name no jar; the parent of every jar's loader
   * @param clock the processing-time clock of the subtasks (timers)
   * @param workDir the worker's directory: jobs' jars are copied to a temporary directory in it
   */
  public record Settings(Map<String, Object> kafka, String cluster, String name, int slots,
      int sessionTimeoutMs, short replication, ClassLoader jobClassLoader, FaultInjector faults,
      Clock clock, java.nio.file.Path workDir) {
  }

  /** How many ended jobs' metrics a worker keeps. */
  static final int ENDED_JOBS_KEPT = 16;

  private final Settings settings;
  private final ClusterTopics topics;
  private final Admin admin;
  private final LagGuard lagGuard;
  private final KafkaCheckpointStore store;
  private final KafkaProducer<byte[], byte[]> statusProducer;
  private final StatusWriter status;
  private final Map<String, JobMember> members = new ConcurrentHashMap<>();
  /** Metrics of jobs this worker left: live until the member closed, then final. */
  private final Map<String, Supplier<JobMetrics>> ended = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Supplier<JobMetrics>> eldest) {
          return size() > ENDED_JOBS_KEPT;
        }
      });
  private final JarStore jarStore;
  private final WorkerJars jars;
  private final TopicTail jobs;
  private volatile boolean closed;

  public WorkerRuntime(Settings settings) {
    this.settings = settings;
    this.topics = new ClusterTopics(settings.cluster());
    this.admin = Admin.create(new HashMap<>(settings.kafka()));
    this.lagGuard = new LagGuard(admin, LagGuard.DEFAULT_LIMIT);
    Provisioning.ensureCluster(admin, topics, settings.replication());
    Map<String, Object> storeProps = new HashMap<>(settings.kafka());
    storeProps.put(KafkaCheckpointStore.STATE_TOPIC_CONFIG, topics.checkpointState());
    storeProps.put(KafkaCheckpointStore.MANIFEST_TOPIC_CONFIG, topics.checkpointManifests());
    if (settings.replication() > 0) {
      storeProps.put(KafkaCheckpointStore.REPLICATION_FACTOR_CONFIG, Short.toString(settings.replication()));
    }
    this.store = KafkaCheckpointStore.create(storeProps);
    this.statusProducer = new KafkaProducer<>(producerProps("weir-" + settings.name() + "-status"));
    this.status = new StatusWriter(statusProducer, topics);
    this.jarStore = new JarStore(settings.kafka(), topics);
    try {
      this.jars = new WorkerJars(jarStore, settings.workDir(), settings.jobClassLoader(),
          settings.name());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("worker " + settings.name() + " cannot create a "
          + "directory for jobs' jars in its directory " + settings.workDir() + " (--work-dir): "
          + e.getMessage(), e);
    }
    this.jobs = new TopicTail(settings.kafka(), topics.jobs(), -1, "weir-" + settings.name() + "-jobs",
        this::onJob);
  }

  public WorkerRuntime start() {
    jobs.start();
    LOG.info("Worker {} started in cluster '{}' with {} slots", settings.name(), topics.cluster(),
        settings.slots() == Integer.MAX_VALUE ? "unbounded" : settings.slots());
    return this;
  }

  private void onJob(ConsumerRecord<byte[], byte[]> r) {
    if (closed || r.key() == null) {
      return;
    }
    String jobId = new String(r.key(), StandardCharsets.UTF_8);
    if (r.value() == null) {
      leave(jobId);
      return;
    }
    JobDefinition def = ProtocolCodec.decodeJobDefinition(r.value());
    if (def.cancelRequested()) {
      JobMember m = forget(jobId);
      if (m != null) {
        LOG.info("Worker {}: job '{}' cancelled", settings.name(), jobId);
        // Leave first: once this worker's coordinator stopped, nothing of it overwrites the end.
        Thread t = new Thread(() -> {
          m.close();
          status.write(jobId, "CANCELLED", m.epoch(), m.restarts(), -1, null, Map.of());
        }, "weir-" + jobId + "-cancel");
        t.setDaemon(true);
        t.start();
      }
      return;
    }
    if (members.containsKey(jobId)) {
      return;
    }
    WorkerJars.Lease lease = null;
    ClassLoader loader = settings.jobClassLoader();
    if (def.hasJar()) {
      try {
        lease = jars.acquire(jobId, def.factoryClass(), def.jarSha256());
        loader = lease.loader();
      } catch (RefusedJarException e) {
        // Every worker reads the same stored jar: the job cannot run anywhere.
        LOG.error("Worker {}: {}", settings.name(), e.getMessage());
        status.write(jobId, "FAILED", 0, 0, -1, e.getMessage(), Map.of());
        status.removeDefinition(jobId);
        return;
      } catch (java.io.IOException | RuntimeException e) {
        LOG.error("Worker {} refused job '{}': cannot fetch its jar {} from {}: {}",
            settings.name(), jobId, def.jarSha256(), topics.jars(), e.toString(), e);
        return;
      }
    }
    PhysicalPlan plan;
    try {
      plan = ContextClassLoader.call(loader, () -> JobPlans.plan(jobId, def.factoryClass(),
          def.options(), def.args(), ContextClassLoader.current()));
      Optional<String> mismatch = def.planFingerprint().isEmpty() ? Optional.empty()
          : plan.mismatch(def.planFingerprint(), def.stepDescriptors());
      if (mismatch.isPresent()) {
        throw new IllegalStateException("the job's plan on this worker (fingerprint "
            + plan.fingerprint() + ") differs from the submitted one (" + def.planFingerprint()
            + "): " + mismatch.get() + ". This worker runs another version of " + def.factoryClass()
            + "; start it with the submitted application's classpath");
      }
      Provisioning.ensureJob(admin, topics, jobId, plan, settings.replication());
    } catch (RuntimeException e) {
      // The job runs on the workers that can run it; this one stays out of its group.
      LOG.error("Worker {} refused job '{}': {}", settings.name(), jobId, e.getMessage());
      if (lease != null) {
        lease.close();
      }
      return;
    }
    WorkerJars.Lease jar = lease;
    JobMember member;
    try {
      member = ContextClassLoader.call(loader, () -> new JobMember(this, def, plan,
          ContextClassLoader.current(), () -> forget(jobId),
          metrics -> closed(jobId, metrics, jar)));
    } catch (RuntimeException e) {
      if (jar != null) {
        jar.close();
      }
      throw e;
    }
    members.put(jobId, member);
    ContextClassLoader.run(loader, member::start);
  }

  /** A job's member left: keeps its final metrics, lets go of its jar. */
  private void closed(String jobId, JobMetrics metrics, WorkerJars.Lease jar) {
    ended.put(jobId, () -> metrics);
    members.remove(jobId);
    if (jar != null) {
      jar.close();
    }
  }

  /** Moves a job this worker left to the ended jobs (whose metrics it keeps for a while). */
  private JobMember forget(String jobId) {
    JobMember m = members.get(jobId);
    if (m != null) {
      ended.putIfAbsent(jobId, m::metrics); // first: metrics(jobId) finds it all along
      members.remove(jobId);
    }
    return m;
  }

  private void leave(String jobId) {
    JobMember m = forget(jobId);
    if (m != null) {
      Thread t = new Thread(m::close, "weir-" + jobId + "-leave");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Jobs this worker runs now. */
  public List<String> jobs() {
    return List.copyOf(members.keySet());
  }

  /** This worker's share of a job's metrics (see {@code Worker.metrics}). */
  public Optional<JobMetrics> metrics(String jobId) {
    JobMember m = members.get(jobId);
    if (m != null) {
      return Optional.of(m.metrics());
    }
    return Optional.ofNullable(ended.get(jobId)).map(Supplier::get);
  }

  /** Leaves every job's group (their subtasks move to other workers at once), then closes. */
  @Override
  public void close() {
    closed = true;
    jobs.close();
    List.copyOf(members.values()).parallelStream().forEach(JobMember::close);
    members.clear();
    jars.close();
    jarStore.close();
    statusProducer.close(java.time.Duration.ofSeconds(5));
    try {
      store.close();
    } catch (java.io.IOException e) {
      LOG.warn("Worker {}: closing the checkpoint store failed: {}", settings.name(), e.toString());
    }
    lagGuard.close();
    admin.close(java.time.Duration.ofSeconds(5));
    LOG.info("Worker {} stopped", settings.name());
  }

  // ---- WorkerContext

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public ClusterTopics topics() {
    return topics;
  }

  @Override
  public Map<String, Object> kafka() {
    return settings.kafka();
  }

  @Override
  public Admin admin() {
    return admin;
  }

  @Override
  public CheckpointStore store() {
    return store;
  }

  @Override
  public void acceptFinishedBlobs(java.util.Collection<dev.weir.sdk.checkpoint.StateHandle> handles) {
    store.acceptFinishedBlobs(handles);
  }

  @Override
  public CheckpointStore fencedStore(String transactionalId) throws java.io.IOException {
    return store.fencedFor(transactionalId);
  }

  @Override
  public LagGuard lagGuard() {
    return lagGuard;
  }

  @Override
  public int slots() {
    return settings.slots();
  }

  @Override
  public int sessionTimeoutMs() {
    return settings.sessionTimeoutMs();
  }

  @Override
  public FaultInjector faults() {
    return settings.faults();
  }

  @Override
  public Clock clock() {
    return settings.clock();
  }

  @Override
  public Map<String, Object> producerProps(String clientId) {
    Map<String, Object> props = new HashMap<>(settings.kafka());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    return props;
  }
}
