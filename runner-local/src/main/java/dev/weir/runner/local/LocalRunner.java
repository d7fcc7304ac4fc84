package dev.weir.runner.local;

import dev.weir.runner.local.internal.LocalAttempt;
import dev.weir.runner.local.internal.LocalJob;
import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.sdk.ConfigException;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.PipelineRunner;
import java.time.Clock;
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
 * <h2>Threading</h2>
 * A runner is immutable and may run several pipelines at once.
 */
public final class LocalRunner implements PipelineRunner {

  /** Key of the batch size, for error messages. */
  public static final String BATCH_SIZE_CONFIG = "local.batch.size";
  /** Key of the channel capacity, for error messages. */
  public static final String CHANNEL_CAPACITY_CONFIG = "local.channel.capacity";

  private final Clock clock;
  private final int batchSize;
  private final int channelCapacity;

  private LocalRunner(Builder b) {
    this.clock = b.clock;
    this.batchSize = b.batchSize;
    this.channelCapacity = b.channelCapacity;
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
    LocalJob job = new LocalJob(impl, plan, new LocalAttempt.Settings(plan.jobName(), 0, clock,
        batchSize, channelCapacity));
    job.start();
    return job;
  }

  /** Settings of a {@link LocalRunner}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private int batchSize = 256;
    private int channelCapacity = 8;

    private Builder() {
    }

    /** The processing-time clock of timers (a manual clock in tests). */
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

    public LocalRunner build() {
      return new LocalRunner(this);
    }
  }
}
