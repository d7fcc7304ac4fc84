package dev.weir.runner.local;

import dev.weir.runner.local.internal.LocalJob;
import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.ConfigException;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.PipelineRunner;
import dev.weir.sdk.spi.ConsoleProvider;
import dev.weir.sdk.spi.FaultInjector;
import dev.weir.sdk.spi.JobConsole;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a pipeline inside this JVM: one thread per subtask, bounded in-memory channels
 * between them. Used for development, for users' unit tests and for single-machine jobs.
 *
 * <pre>{@code
 * PipelineResult result = LocalRunner.create().run(pipeline);
 * result.waitUntilFinish(Duration.ofMinutes(1));
 * }</pre>
 *
 * <h2>Backpressure</h2>
 * Records move in batches of {@code batchSize}; a channel holds at most
 * {@code channelCapacity} batches, and a producer blocks while its channel is full.
 *
 * <h2>Web console</h2>
 * With {@link Builder#console(int)} the runner serves a web console and a REST API for the
 * jobs it runs (module {@code weir-console} on the class path; see {@code docs/console.md});
 * {@link #close()} stops it.
 *
 * <h2>Threading</h2>
 * A runner is immutable and may run several pipelines at once.
 */
public final class LocalRunner implements PipelineRunner, AutoCloseable {

  /** Key of the batch size, for error messages. */
  public static final String BATCH_SIZE_CONFIG = "local.batch.size";
  /** Key of the channel capacity, for error messages. */
  public static final String CHANNEL_CAPACITY_CONFIG = "local.channel.capacity";
  /** Key of the console's port, for error messages. */
  public static final String CONSOLE_CONFIG = "local.console.port";

  private final Builder settings;
  /** The web console, or null. */
  private final JobConsole console;

  private LocalRunner(Builder b) {
    this.settings = b.copy();
    this.console = settings.consolePort < 0 ? null
        : startConsole(settings.consoleHost, settings.consolePort);
  }

  private static JobConsole startConsole(String host, int port) {
    java.util.Iterator<ConsoleProvider> providers =
        java.util.ServiceLoader.load(ConsoleProvider.class).iterator();
    if (!providers.hasNext()) {
      throw new ConfigException(CONSOLE_CONFIG, port, "the web console needs the module "
          + "weir-console (artifact dev.weir:weir-console) on the class path");
    }
    try {
      return providers.next().start(host, port);
    } catch (java.io.IOException e) {
      throw new ConfigException(CONSOLE_CONFIG, port, "the web console cannot listen on "
          + host + ":" + port + ": " + e.getMessage() + " (is the port in use?)");
    }
  }

  /** The web console's address, if the runner serves one ({@link Builder#console(int)}). */
  public java.util.Optional<java.net.URI> consoleUri() {
    return console == null ? java.util.Optional.empty() : java.util.Optional.of(console.uri());
  }

  /** Stops the web console, if any; jobs that run go on. */
  @Override
  public void close() {
    if (console != null) {
      console.close();
    }
  }

  /** A runner with the system clock, batches of 256 records and channels of 8 batches. */
  public static LocalRunner create() {
    return builder().build();
  }

  /** A builder for non-default settings. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public PipelineResult run(Pipeline pipeline) {
    PipelineImpl impl = PipelineImpl.of(pipeline);
    PhysicalPlan plan = impl.plan();
    RestartStrategy restarts = settings.restartStrategy != null ? settings.restartStrategy
        : settings.store != null ? RestartStrategy.fixedDelay(10, Duration.ofMillis(100))
        : RestartStrategy.none();
    LocalJob job = new LocalJob(impl, plan, new LocalJob.Config(settings.batchSize,
        settings.channelCapacity, settings.clock, settings.store, restarts, settings.startFresh,
        settings.allowNonRestoredState, settings.faults, settings.asyncThreads,
        settings.snapshotWarmup, settings.fromSavepoint, Map.copyOf(settings.renamedSteps)));
    job.start();
    if (console != null) {
      console.register(job);
    }
    return job;
  }

  @Override
  public java.util.List<String> restoreProblems(Pipeline pipeline,
      dev.weir.sdk.checkpoint.CheckpointManifest checkpoint, boolean allowNonRestoredState) {
    PhysicalPlan plan = PipelineImpl.of(pipeline).plan();
    try {
      dev.weir.runtime.checkpoint.RestoreLoader.check(checkpoint, plan, allowNonRestoredState);
      return java.util.List.of();
    } catch (dev.weir.sdk.checkpoint.IncompatibleStateException e) {
      return e.problems();
    } catch (dev.weir.sdk.WeirException e) {
      // the max parallelism, or a removed step (checked before the states' schemas)
      return java.util.List.of(e.getMessage());
    }
  }

  /** Settings of a {@link LocalRunner}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private int batchSize = 256;
    private int channelCapacity = 8;
    private CheckpointStore store;
    private RestartStrategy restartStrategy;
    private boolean startFresh;
    private boolean allowNonRestoredState;
    private FaultInjector faults = FaultInjector.NONE;
    private int asyncThreads = 2;
    private boolean snapshotWarmup;
    private Path fromSavepoint;
    private final Map<String, String> renamedSteps = new LinkedHashMap<>();
    private String consoleHost = "127.0.0.1";
    private int consolePort = -1;

    private Builder() {
    }

    private Builder copy() {
      Builder b = new Builder();
      b.clock = clock;
      b.batchSize = batchSize;
      b.channelCapacity = channelCapacity;
      b.store = store;
      b.restartStrategy = restartStrategy;
      b.startFresh = startFresh;
      b.allowNonRestoredState = allowNonRestoredState;
      b.faults = faults;
      b.asyncThreads = asyncThreads;
      b.snapshotWarmup = snapshotWarmup;
      b.fromSavepoint = fromSavepoint;
      b.renamedSteps.putAll(renamedSteps);
      b.consoleHost = consoleHost;
      b.consolePort = consolePort;
      return b;
    }

    /**
     * Where checkpoints go; with a store the job checkpoints (as configured by the pipeline's
     * {@code checkpoint.*} settings, plus a final checkpoint at the end of a bounded input) and
     * restarts after a failure from the latest checkpoint of its own run (a run is one
     * {@link LocalRunner#run} call; a restart before the run's first checkpoint starts from
     * empty state again, or from the checkpoint the run resumed). A new run of the same job
     * name resumes from the latest checkpoint in the store (also the final checkpoint of a
     * finished run: its sources continue where they ended, in case their input grew), unless
     * {@link #startFresh} is set. The runner does not close the store.
     */
    public Builder checkpointStore(CheckpointStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * How the job restarts after a failure (only with a checkpoint store). Default: up to
     * 10 restarts, 100 ms apart.
     */
    public Builder restartStrategy(RestartStrategy strategy) {
      this.restartStrategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Ignore checkpoints of earlier runs of the same job: the run starts from empty state, and
     * its restarts restore only its own checkpoints.
     */
    public Builder startFresh(boolean startFresh) {
      this.startFresh = startFresh;
      return this;
    }

    /**
     * Start the run from a savepoint (a directory that {@link PipelineResult#savepoint} or
     * {@link PipelineResult#stopWithSavepoint} wrote, wherever it was copied to) instead of
     * the store's checkpoints: the run's first attempt restores it, and a restart before the
     * run's first checkpoint restores it again. The savepoint is only read; the run writes its
     * checkpoints to its own store, starting with full snapshots. The pipeline may differ from
     * the one that took it in parallelism (up to max parallelism) and code; steps the savepoint
     * has and the pipeline lacks are refused unless {@link #allowNonRestoredState}.
     */
    public Builder fromSavepoint(Path savepointDirectory) {
      this.fromSavepoint = Objects.requireNonNull(savepointDirectory, "savepointDirectory");
      return this;
    }

    /**
     * With {@link #fromSavepoint}: the state the savepoint holds for step {@code from} is
     * restored into step {@code to} of the pipeline (a step renamed since the savepoint was
     * taken; state is found by step name). Call once per renamed step. A {@code from} that the
     * savepoint does not have is refused when the job starts, naming the savepoint's steps.
     */
    public Builder renameStep(String from, String to) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (from.equals(to) || renamedSteps.containsKey(from)) {
        throw new IllegalArgumentException("renameStep('" + from + "', '" + to + "'): "
            + (from.equals(to) ? "the names are the same" : "step '" + from + "' is renamed to '"
            + renamedSteps.get(from) + "' already"));
      }
      renamedSteps.put(from, to);
      return this;
    }

    /** Restore even if the checkpoint holds state of steps the pipeline no longer has (dropped). */
    public Builder allowNonRestoredState(boolean allow) {
      this.allowNonRestoredState = allow;
      return this;
    }

    /**
     * Failures to inject, for tests: {@code dev.weir.testing.Faults} of the test kit
     * ({@code weir-testkit}) implements this runtime SPI.
     */
    public Builder faults(FaultInjector faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * Before the first checkpoint, let the snapshot threads compile the snapshot paths: encode
     * empty blobs of every keyed step, then take three full snapshots of a synthetic keyed
     * state of 20,000 keys into a throwaway in-memory store. It shortens the first checkpoints
     * of a freshly started JVM at the cost of CPU while the job starts; the job's own store is
     * not touched. For benchmarks that measure checkpoints from the first one; off by default.
     */
    public Builder snapshotWarmup(boolean warmUp) {
      this.snapshotWarmup = warmUp;
      return this;
    }

    /** Threads that write snapshots to the store (1 to 64, default 2). */
    public Builder asyncThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new ConfigException("local.async.threads", threads,
            "local.async.threads must be between 1 and 64, was " + threads);
      }
      this.asyncThreads = threads;
      return this;
    }

    /**
     * The processing-time clock of timers (a manual clock in tests). It drives only timers:
     * checkpoint scheduling, checkpoint timeouts and manifest timestamps run on real time, so a
     * frozen test clock does not stop periodic checkpoints; to checkpoint at a chosen moment
     * use {@link PipelineResult#triggerCheckpoint()}.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Records per batch handed between threads (1 to 65536). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 65536) {
        throw new ConfigException(BATCH_SIZE_CONFIG, batchSize,
            BATCH_SIZE_CONFIG + " must be between 1 and 65536, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Batches a channel holds before its producer blocks (1 to 65536). */
    public Builder channelCapacity(int channelCapacity) {
      if (channelCapacity < 1 || channelCapacity > 65536) {
        throw new ConfigException(CHANNEL_CAPACITY_CONFIG, channelCapacity,
            CHANNEL_CAPACITY_CONFIG + " must be between 1 and 65536, was " + channelCapacity);
      }
      this.channelCapacity = channelCapacity;
      return this;
    }

    /**
     * Serve a web console and REST API for the runner's jobs on 127.0.0.1:{@code port}
     * (0 picks a free port; {@link LocalRunner#consoleUri()} tells which). Needs the module
     * {@code weir-console} on the class path; {@link #build()} starts it and fails with a
     * {@link ConfigException} if it is missing or the port is taken.
     */
    public Builder console(int port) {
      return console("127.0.0.1", port);
    }

    /**
     * {@link #console(int)} on another address, e.g. {@code 0.0.0.0} for every interface: the
     * console then prints a token once, which its actions (checkpoint, savepoint, stop,
     * cancel) require.
     */
    public Builder console(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new ConfigException(CONSOLE_CONFIG, port,
            CONSOLE_CONFIG + " must be between 0 and 65535, was " + port);
      }
      this.consoleHost = Objects.requireNonNull(host, "host");
      this.consolePort = port;
      return this;
    }

    /** The runner; starts its web console if one was asked for. */
    public LocalRunner build() {
      return new LocalRunner(this);
    }
  }
}
