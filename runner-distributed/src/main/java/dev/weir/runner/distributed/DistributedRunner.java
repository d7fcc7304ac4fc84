package dev.weir.runner.distributed;

import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.JobPlans;
import dev.weir.runner.distributed.internal.jars.JarStore;
import dev.weir.runner.distributed.internal.jars.JobClassLoader;
import dev.weir.runner.distributed.internal.Provisioning;
import dev.weir.io.kafka.KafkaCheckpointStore;
import dev.weir.runner.distributed.internal.protocol.JobDefinition;
import dev.weir.runner.distributed.internal.protocol.JobRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import dev.weir.runner.distributed.internal.protocol.JobStatus;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.runner.distributed.internal.worker.JobSettings;
import dev.weir.runner.distributed.internal.worker.StatusView;
import dev.weir.runner.distributed.internal.worker.TopicTail;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Submits jobs to a Weir cluster and follows them: the client side of the distributed runner.
 * A job is a {@link PipelineFactory} class that the cluster's workers have on their classpath,
 * plus options and arguments; submission writes its definition to the cluster's jobs topic,
 * and the workers do the rest. No server to call: everything goes through Kafka topics.
 *
 * <pre>{@code
 * try (DistributedRunner runner = DistributedRunner.connect("broker:9092")) {
 *   PipelineResult job = runner.submit(WordCountJob.class,
 *       PipelineOptions.defaults().withJobName("wordcount").withParallelism(4), List.of());
 *   job.waitUntilFinish();
 * }
 * }</pre>
 *
 * <p>When the factory class is on the submitter's classpath, the submitter plans the job too and
 * records the plan's fingerprint in the definition: a worker whose plan differs (another version
 * of the class) refuses the job with an error naming the first differing step.
 *
 * <p>A job can also bring its classes along: {@link #submitJar(Path, String, PipelineOptions,
 * List)} stores the application's jar in the cluster, and the workers load the job from it.
 *
 * <p>About 410 lines, half of them javadoc: the public entry points (submission overloads, jobs,
 * requests, savepoints, cancel) in one place; what they do beyond writing a record lives in
 * {@code JobRequests}, {@code ClusterSavepoints}, {@code StatusViews} and {@code JobPlanLookup}.
 */
public final class DistributedRunner implements AutoCloseable {
  /** The cluster name used when none is given. */
  public static final String DEFAULT_CLUSTER = "weir";

  private final Map<String, Object> kafka;
  private final ClusterTopics topics;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private final StatusView status;
  private KafkaCheckpointStore store;
  private JarStore jars;
  private final JobRequests requests;

  private DistributedRunner(Map<String, Object> kafka, String cluster) {
    this.kafka = Map.copyOf(kafka);
    this.topics = new ClusterTopics(cluster);
    this.admin = Admin.create(new HashMap<>(kafka));
    Provisioning.ensureCluster(admin, topics, (short) -1);
    Map<String, Object> p = new HashMap<>(kafka);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(p);
    this.status = new StatusView(this.kafka, topics).start();
    this.requests = new JobRequests(this, topics);
  }

  /** Connects to the default cluster on the Kafka cluster at {@code bootstrap}. */
  public static DistributedRunner connect(String bootstrap) {
    return connect(Map.of("bootstrap.servers", bootstrap), DEFAULT_CLUSTER);
  }

  /** Connects to cluster {@code cluster} with full Kafka client properties. */
  public static DistributedRunner connect(Map<String, Object> kafka, String cluster) {
    Objects.requireNonNull(kafka.get("bootstrap.servers"), "bootstrap.servers");
    return new DistributedRunner(kafka, cluster);
  }

  /**
   * Submits a job; returns at once with a handle that follows it. The job id is the options' job
   * name plus a short random suffix, so submitting twice gives two jobs.
   */
  public DistributedJob submit(Class<? extends PipelineFactory> factory, PipelineOptions options,
      List<String> args) {
    return submit(factory.getName(), options, args, factory.getClassLoader());
  }

  /**
   * Submits a job by class name. When {@code loader} can load the class, the job is planned here
   * and its fingerprint recorded; with {@code null}, workers plan it unchecked.
   */
  public DistributedJob submit(String factoryClass, PipelineOptions options, List<String> args,
      ClassLoader loader) {
    return submit(factoryClass, options, args, loader, Map.of());
  }

  /**
   * Submits a job by class name that restarts at most {@code maxRestarts} times, each after
   * {@code restartDelay} (by default a job restarts without limit after 200 ms: a lost worker
   * is a normal event). Every new epoch counts as a restart, also one caused by a worker
   * joining or leaving. See {@link #submit(String, PipelineOptions, List, ClassLoader)}.
   */
  public DistributedJob submit(String factoryClass, PipelineOptions options, List<String> args,
      ClassLoader loader, int maxRestarts, java.time.Duration restartDelay) {
    if (maxRestarts < 0 || restartDelay.isNegative()) {
      throw new IllegalArgumentException("job '" + options.jobName() + "': the most restarts "
          + "and the restart delay must be >= 0, were " + maxRestarts + " and " + restartDelay);
    }
    return submit(factoryClass, options, args, loader, Map.of(
        JobSettings.MAX_RESTARTS_CONFIG, Integer.toString(maxRestarts),
        JobSettings.RESTART_DELAY_MS_CONFIG, Long.toString(restartDelay.toMillis())));
  }

  /**
   * Submits a job that starts from a savepoint (a directory that {@code savepoint} or the local
   * runner wrote, readable on this machine): the savepoint is checked against the job's plan
   * before anything is written (an {@link dev.weir.sdk.checkpoint.IncompatibleStateException}
   * names step, state, field and rule), then copied into the cluster's checkpoint store as the
   * job's first checkpoint, which its first epoch restores (and a restart before the job's
   * first checkpoint of its own). The job class must load with {@code loader}.
   *
   * @param allowNonRestoredState drop state of steps and states the job no longer has
   */
  public DistributedJob submit(String factoryClass, PipelineOptions options, List<String> args,
      ClassLoader loader, Path fromSavepoint, boolean allowNonRestoredState) {
    return submit(factoryClass, options, args, loader, fromSavepoint, allowNonRestoredState,
        Map.of());
  }

  /**
   * {@link #submit(String, PipelineOptions, List, ClassLoader, Path, boolean)} for a job whose
   * steps were renamed since the savepoint: {@code renamedSteps} maps a step name of the
   * savepoint to the job's new name for it, and that step's state is restored under the new
   * name. An old name the savepoint lacks is refused before anything is written, naming the
   * savepoint's steps.
   */
  public DistributedJob submit(String factoryClass, PipelineOptions options, List<String> args,
      ClassLoader loader, Path fromSavepoint, boolean allowNonRestoredState,
      Map<String, String> renamedSteps) {
    Objects.requireNonNull(loader, "a job started from a savepoint is planned here: loader");
    return submit(factoryClass, options, args, loader, Map.of(),
        new ClusterSavepoints.Start(fromSavepoint, allowNonRestoredState, renamedSteps), "");
  }

  /**
   * Submits a job loaded from its jar: the workers need no application classpath. The jar is
   * stored in the cluster once (in its jars topic, by SHA-256; skipped if a jar of the same
   * SHA-256 and size is stored), the job is planned here with a class loader over the jar (its
   * fingerprint recorded, as for {@link #submit(String, PipelineOptions, List, ClassLoader)}),
   * and its definition names the jar's SHA-256. Every worker fetches the jar once, checks its
   * SHA-256 and runs the job in a class loader of its own: parent-first for the JDK, Weir and
   * Weir's dependencies, child-first for the rest of the jar. Two jobs whose jars hold
   * different versions of the same classes run side by side on the same workers. A stored jar
   * whose bytes do not match its SHA-256 fails the job before any of it runs, with a message
   * naming the job, the jar and both hashes.
   *
   * @param jar the application's jar: the factory class, and the libraries Weir does not bring
   * @param factoryClass the job's {@link PipelineFactory} class, in the jar
   * @throws IllegalArgumentException if the jar cannot be read or stored, or the class is not
   *     in it or does not plan
   */
  public DistributedJob submitJar(Path jar, String factoryClass, PipelineOptions options,
      List<String> args) {
    return submitJar(jar, factoryClass, options, args, null, false);
  }

  /**
   * Like {@link #submitJar(Path, String, PipelineOptions, List)}, starting from a savepoint as
   * {@link #submit(String, PipelineOptions, List, ClassLoader, Path, boolean)} does (checked
   * against the plan made with the jar's classes); {@code fromSavepoint} may be null.
   */
  public DistributedJob submitJar(Path jar, String factoryClass, PipelineOptions options,
      List<String> args, Path fromSavepoint, boolean allowNonRestoredState) {
    return submitJar(jar, factoryClass, options, args, fromSavepoint, allowNonRestoredState,
        Map.of());
  }

  /**
   * Like {@link #submitJar(Path, String, PipelineOptions, List, Path, boolean)}, with steps
   * renamed since the savepoint as in
   * {@link #submit(String, PipelineOptions, List, ClassLoader, Path, boolean, Map)}.
   */
  public DistributedJob submitJar(Path jar, String factoryClass, PipelineOptions options,
      List<String> args, Path fromSavepoint, boolean allowNonRestoredState,
      Map<String, String> renamedSteps) {
    String sha = storeJar(jar, false);
    try (JobClassLoader loader = new JobClassLoader(options.jobName(), jar.toUri().toURL(),
        DistributedRunner.class.getClassLoader())) {
      Thread t = Thread.currentThread();
      ClassLoader before = t.getContextClassLoader();
      t.setContextClassLoader(loader);
      try {
        return submit(factoryClass, options, args, loader, Map.of(), fromSavepoint == null ? null
            : new ClusterSavepoints.Start(fromSavepoint, allowNonRestoredState, renamedSteps), sha);
      } finally {
        t.setContextClassLoader(before);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("job '" + options.jobName() + "': cannot read jar "
          + jar + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stores {@code jar} in the cluster's jars topic, unless a jar with its SHA-256 and size is
   * there already (or always, with {@code replace}: to mend a stored copy that workers
   * refused as damaged); returns its SHA-256.
   *
   * @throws IllegalArgumentException naming the jar if it cannot be read or stored
   */
  public String storeJar(Path jar, boolean replace) {
    try {
      return jars().store(jar, replace).sha256();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot store jar " + jar + " in topic "
          + topics.jars() + ": " + e.getMessage(), e);
    }
  }

  private synchronized JarStore jars() {
    if (jars == null) {
      jars = new JarStore(kafka, topics);
    }
    return jars;
  }

  private DistributedJob submit(String factoryClass, PipelineOptions options, List<String> args,
      ClassLoader loader, Map<String, String> restartSettings) {
    return submit(factoryClass, options, args, loader, restartSettings, null, "");
  }

  private DistributedJob submit(String factoryClass, PipelineOptions options, List<String> args,
      ClassLoader loader, Map<String, String> restartSettings, ClusterSavepoints.Start from,
      String jarSha256) {
    String jobId = options.jobName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = new java.util.TreeMap<>(JobPlans.settings(options));
    settings.putAll(restartSettings);
    String fingerprint = "";
    List<String> steps = List.of();
    if (loader != null) {
      PhysicalPlan plan = JobPlans.plan(jobId, factoryClass, settings, args, loader);
      fingerprint = plan.fingerprint();
      steps = plan.stepDescriptors();
      if (from != null) {
        ClusterSavepoints.importInto(store(), from, plan);
        settings.put(JobSettings.RESUME_CONFIG, "true");
        if (from.allowNonRestoredState()) {
          settings.put(JobSettings.ALLOW_NON_RESTORED_STATE_CONFIG, "true");
        }
      }
      Provisioning.ensureJob(admin, topics, jobId, plan, (short) -1);
    }
    JobDefinition def = new JobDefinition(jobId, factoryClass, settings, List.copyOf(args),
        fingerprint, steps, System.currentTimeMillis(), false, jarSha256);
    write(topics.jobs(), jobId, ProtocolCodec.encode(def));
    return new DistributedJob(this, jobId);
  }

  /** A handle on a job submitted earlier. */
  public DistributedJob job(String jobId) {
    return new DistributedJob(this, jobId);
  }

  /** The latest status of every job the cluster knows, by job id (read to the topic's end now). */
  public Map<String, JobInfo> jobs() {
    Map<String, JobInfo> out = new java.util.TreeMap<>();
    StatusView.scan(kafka, topics).forEach((id, s) -> out.put(id, new JobInfo(s.jobId(),
        s.state(), s.epoch(), s.restarts(), s.latestCheckpointId(), s.failure(),
        s.updatedAtMillis(), s.subtaskWorkers())));
    return out;
  }

  /**
   * The completed checkpoints of a job, oldest first, read from its checkpoints topic to the
   * topic's end now (each once: a coordinator that completed a checkpoint and was deposed before
   * its successor started may not have recorded it twice, but a record is never repeated here).
   */
  List<CheckpointMetrics> checkpointHistory(String jobId) {
    Map<Long, CheckpointMetrics> byId = new java.util.TreeMap<>();
    String topic = topics.checkpoints(jobId);
    try {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        return List.of(); // no worker has provisioned the job yet
      }
      TopicTail.scan(kafka, topics.checkpoints(jobId), "weir-client-checkpoints", r -> {
        if (r.value() != null) {
          CheckpointMetrics m = ProtocolCodec.decodeCompletedCheckpoint(r.value()).metrics();
          byId.putIfAbsent(m.checkpointId(), m);
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + topic, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
        | org.apache.kafka.common.KafkaException e) {
      throw new IllegalStateException("cannot read the checkpoint history of job '" + jobId
          + "' from " + topic + " on " + kafka.get("bootstrap.servers") + ": " + e, e);
    }
    return List.copyOf(byId.values());
  }

  /** How long a checkpoint or savepoint request waits for its checkpoint. */
  static final Duration REQUEST_TIMEOUT = JobRequests.TIMEOUT;

  /** See {@link JobRequests#request}. */
  CompletableFuture<Long> request(String jobId, JobRequest.Kind kind) {
    return requests.request(jobId, kind);
  }

  /** See {@link JobRequests#requestStop}. */
  void requestStop(String jobId, boolean savepoint) {
    requests.requestStop(jobId, savepoint);
  }

  boolean topicExists(String topic) {
    try {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot list the topics of " + kafka.get(
          "bootstrap.servers") + ": " + e, e);
    }
  }

  /** The cluster's checkpoint store, opened on first use (closed with this client). */
  synchronized KafkaCheckpointStore store() {
    if (store == null) {
      Map<String, Object> props = new HashMap<>(kafka);
      props.put(KafkaCheckpointStore.STATE_TOPIC_CONFIG, topics.checkpointState());
      props.put(KafkaCheckpointStore.MANIFEST_TOPIC_CONFIG, topics.checkpointManifests());
      store = KafkaCheckpointStore.create(props);
    }
    return store;
  }

  /** Copies savepoint {@code id} of the job out of the cluster's store into {@code directory}. */
  Path exportSavepoint(String jobId, long id, Path directory) {
    return ClusterSavepoints.export(store(), jobId, id, directory);
  }

  /** Asks the workers to cancel the job. */
  public void cancel(String jobId) {
    JobDefinition def = new JobDefinition(jobId, "-", Map.of(), List.of(), "", List.of(),
        System.currentTimeMillis(), true);
    write(topics.jobs(), jobId, ProtocolCodec.encode(def));
  }

  /** The job's plan, if this process can plan it (see {@link JobPlanLookup}). */
  Optional<dev.weir.sdk.JobPlan> plan(String jobId) {
    return JobPlanLookup.plan(kafka, topics, jobId);
  }

  Optional<JobStatus> status(String jobId) {
    return status.get(jobId);
  }

  StatusView statusView() {
    return status;
  }

  void write(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, 0, key.getBytes(StandardCharsets.UTF_8), value))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot write to " + topic + " on " + kafka.get(
          "bootstrap.servers") + ": " + e, e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (jars != null) {
        jars.close();
      }
      if (store != null) {
        try {
          store.close();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("closing the cluster's checkpoint store", e);
        }
      }
    }
    status.close();
    producer.close(java.time.Duration.ofSeconds(5));
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
