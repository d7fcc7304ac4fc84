package dev.weir.runner.distributed;

import dev.weir.runner.distributed.internal.worker.WorkerRuntime;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.spi.FaultInjector;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Weir worker: joins a cluster (a name on a Kafka cluster), runs the subtasks of every job the
 * cluster's consumer groups give it, and hosts a job's coordinator when it is given that. Start
 * as many as you like, on any machines that reach the Kafka cluster; a worker that dies loses
 * its subtasks to the others after the session timeout, a worker that is closed hands them over
 * at once.
 *
 * <pre>{@code
 * try (Worker worker = Worker.builder("broker:9092").cluster("prod").slots(8).start()) {
 *   worker.awaitClose();
 * }
 * }</pre>
 *
 * <p>From the command line: {@code weir worker --bootstrap broker:9092 --cluster prod --slots 8}.
 * A job submitted with its jar ({@code DistributedRunner.submitJar}, {@code weir submit --jar})
 * is loaded from that jar, in a class loader of its own; any other job's classes must be on the
 * worker's classpath.
 */
public final class Worker implements AutoCloseable {
  private final WorkerRuntime runtime;
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

  private Worker(WorkerRuntime runtime) {
    this.runtime = runtime;
  }

  /** A builder for a worker of the Kafka cluster at {@code bootstrap} (host:port,...). */
  public static Builder builder(String bootstrap) {
    return new Builder(Map.of("bootstrap.servers", bootstrap));
  }

  /** A builder with full Kafka client properties (security settings ...). */
  public static Builder builder(Map<String, Object> kafka) {
    return new Builder(kafka);
  }

  /** Jobs this worker takes part in now. */
  public List<String> jobs() {
    return runtime.jobs();
  }

  /**
   * The record counts of the subtasks this worker runs (or last ran) for job {@code jobId}, in
   * the job's latest epoch on this worker: its share of the job's metrics, summed per step (a
   * job's full metrics are the sum over its workers). Kept for a few jobs after they end.
   * Empty if this worker did not take part in the job.
   */
  public Optional<JobMetrics> metrics(String jobId) {
    return runtime.metrics(jobId);
  }

  /** Waits until {@link #close()} was called (from another thread or a shutdown hook). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Leaves every job (their subtasks move to the other workers at once) and stops. */
  @Override
  public void close() {
    if (closed.getCount() > 0) {
      runtime.close();
      closed.countDown();
    }
  }

  /** Settings of a worker. */
  public static final class Builder {
    private final Map<String, Object> kafka;
    private String cluster = DistributedRunner.DEFAULT_CLUSTER;
    private String name = defaultName();
    private int slots = Integer.MAX_VALUE;
    private int sessionTimeoutMs = 10_000;
    private short replication = -1;
    private ClassLoader classLoader = Worker.class.getClassLoader();
    private FaultInjector faults = FaultInjector.NONE;
    private Clock clock = Clock.systemUTC();
    private java.nio.file.Path workDir;

    private Builder(Map<String, Object> kafka) {
      this.kafka = new HashMap<>(Objects.requireNonNull(kafka, "kafka"));
      if (!this.kafka.containsKey("bootstrap.servers")) {
        throw new IllegalArgumentException("the Kafka properties need bootstrap.servers");
      }
    }

    /** The Weir cluster to join (default {@value DistributedRunner#DEFAULT_CLUSTER}). */
    public Builder cluster(String cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      return this;
    }

    /** The worker's name in status and logs (default host-pid). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The most subtasks this worker runs per job (default unbounded). */
    public Builder slots(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("--slots must be at least 1, was " + slots);
      }
      this.slots = slots;
      return this;
    }

    /**
     * How long the group waits for a silent worker before moving its subtasks (default 10 s;
     * the broker bounds it with group.min.session.timeout.ms, 6 s by default).
     */
    public Builder sessionTimeoutMs(int ms) {
      this.sessionTimeoutMs = ms;
      return this;
    }

    /** Replication factor of topics the worker creates (default: the broker's). */
    public Builder replicationFactor(short replication) {
      this.replication = replication;
      return this;
    }

    /** Where job classes are loaded from (default: this class's loader). */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * The worker's directory (default {@code <java.io.tmpdir>/weir-worker-<name>}): the jars
     * of the jobs it runs are copied into a temporary directory in it, each deleted when no job
     * of this worker uses it, the directory when the worker stops.
     */
    public Builder workDir(java.nio.file.Path dir) {
      this.workDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Test hooks (the test kit's Faults); none by default. */
    public Builder faults(FaultInjector faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * The processing-time clock of the subtasks this worker runs (their processing-time timers
     * and {@code currentProcessingTime()}); the system clock by default. For tests that drive
     * time with a manual clock on in-JVM workers; checkpoint triggers stay on real time.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Starts the worker: it joins the cluster's live jobs at once. */
    public Worker start() {
      return new Worker(new WorkerRuntime(new WorkerRuntime.Settings(Map.copyOf(kafka), cluster,
          name, slots, sessionTimeoutMs, replication, classLoader, faults, clock,
          workDir != null ? workDir : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
              "weir-worker-" + name.replaceAll("[^A-Za-z0-9._-]", "_")))).start());
    }

    private static String defaultName() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
      return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
  }
}
