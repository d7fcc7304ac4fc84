package dev.weir.runtime.task;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.Exchange;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One subtask of a chain: reads its source or its input gate, runs the chain, and writes to
 * the exchanges. The same code runs in every runner; the runner supplies the channels and a
 * thread. {@link #run()} returns when the input ended and everything was flushed, and throws
 * when the task failed or was cancelled.
 */
public final class Task {
  private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long SOURCE_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final TaskConfig config;
  private final InputGate gate;
  private final ChainRuntime chain;
  private final LogicalNode head;
  private volatile boolean cancelled;

  /**
   * @param gate the input channels, {@code null} for a source chain
   * @param outputs for each exchange leaving the chain, one channel per downstream subtask
   */
  public Task(TaskConfig config, InputGate gate, Map<Exchange, OutputChannel[]> outputs) {
    this.config = config;
    this.gate = gate;
    this.head = config.chain().head();
    this.chain = new ChainRuntime(config, outputs);
    if ((gate == null) != config.chain().isSource()) {
      throw new IllegalArgumentException("a source chain has no input gate, any other chain has one: "
          + config.taskName());
    }
  }

  public String name() {
    return config.taskName();
  }

  public TaskConfig config() {
    return config;
  }

  /** The step counters of this subtask. */
  public List<StepCounters> counters() {
    return chain.allCounters();
  }

  /** Asks the task to stop; the runner also interrupts its thread. */
  public void cancel() {
    cancelled = true;
  }

  /** Runs the task to the end of its input. */
  public void run() throws Exception {
    boolean ok = false;
    try {
      chain.open(config);
      if (gate == null) {
        runSource();
      } else {
        runInputs();
      }
      chain.endInput();
      chain.broadcast(EndOfInput.INSTANCE);
      ok = true;
    } finally {
      try {
        chain.close();
      } catch (Exception e) {
        if (ok) {
          throw e;
        }
      }
    }
  }

  private void checkCancelled() {
    if (cancelled || Thread.currentThread().isInterrupted()) {
      throw new TaskCancelledException(name());
    }
  }

  private void runInputs() {
    int n = gate.channelCount();
    boolean[] ended = new boolean[n];
    long[] watermarks = new long[n];
    Arrays.fill(watermarks, Long.MIN_VALUE);
    long watermark = Long.MIN_VALUE;
    int live = n;
    Operator headOp = chain.operator(head);
    StepCounters headCounters = chain.counters(head);
    NodeOutput headOutput = chain.output(head);
    while (live > 0) {
      checkCancelled();
      ChannelEvent event = gate.poll(0);
      if (event == null) {
        chain.flush();
        fireProcessingTimers();
        event = gate.poll(waitNanos());
        if (event == null) {
          continue;
        }
      }
      int channel = gate.lastChannel();
      if (event instanceof RecordBatch batch) {
        int size = batch.size();
        headCounters.recordsIn += size;
        for (int i = 0; i < size; i++) {
          headOp.processRecord(batch.value(i), batch.timestamp(i), batch.key(i), batch.keyGroup(i));
        }
        fireProcessingTimers();
      } else if (event instanceof Watermark w) {
        watermarks[channel] = Math.max(watermarks[channel], w.timestamp());
        long min = minWatermark(watermarks, ended);
        if (min > watermark) {
          watermark = min;
          headOp.processWatermark(watermark, headOutput);
        }
      } else if (event instanceof Barrier b) {
        throw new IllegalStateException(name() + " received " + b
            + " but this runtime does not run checkpoints yet");
      } else if (event == EndOfInput.INSTANCE) {
        if (!ended[channel]) {
          ended[channel] = true;
          live--;
          long min = minWatermark(watermarks, ended);
          if (live > 0 && min > watermark) {
            watermark = min;
            headOp.processWatermark(watermark, headOutput);
          }
        }
      }
    }
  }

  private static long minWatermark(long[] watermarks, boolean[] ended) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < watermarks.length; i++) {
      if (!ended[i]) {
        min = Math.min(min, watermarks[i]);
      }
    }
    return min;
  }

  private long waitNanos() {
    long next = chain.nextProcessingTime();
    if (next == Long.MAX_VALUE) {
      return IDLE_WAIT_NANOS;
    }
    long delayMs = next - config.clock().millis();
    return Math.max(0, Math.min(IDLE_WAIT_NANOS, TimeUnit.MILLISECONDS.toNanos(delayMs)));
  }

  private void fireProcessingTimers() {
    if (chain.nextProcessingTime() != Long.MAX_VALUE) {
      chain.onProcessingTime(config.clock().millis());
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void runSource() throws Exception {
    Source<Object> source = (Source<Object>) head.source();
    NodeOutput out = chain.output(head);
    StepCounters counters = chain.counters(head);
    SourceContext ctx = new SourceContext() {
      @Override public String stepName() { return head.name(); }
      @Override public int subtaskIndex() { return config.subtask(); }
      @Override public int parallelism() { return config.chain().parallelism(); }
    };
    SourceOutput<Object> sourceOutput = new SourceOutput<>() {
      @Override
      public void emit(Object value) {
        emit(value, Long.MIN_VALUE);
      }

      @Override
      public void emit(Object value, long timestamp) {
        counters.recordsIn++;
        out.emit(value, timestamp);
      }
    };
    SourceReader reader;
    try {
      reader = source.createReader(ctx);
      reader.open(List.of());
    } catch (Exception e) {
      throw sourceFailure(e);
    }
    try (SourceReader<Object, ?> r = reader) {
      while (true) {
        checkCancelled();
        ReadStatus status;
        try {
          status = r.read(sourceOutput);
        } catch (WeirException e) {
          throw e;
        } catch (Exception e) {
          throw sourceFailure(e);
        }
        fireProcessingTimers();
        if (status == ReadStatus.END_OF_INPUT) {
          break;
        }
        if (status == ReadStatus.NOTHING_AVAILABLE) {
          chain.flush();
          LockSupport.parkNanos(SOURCE_IDLE_WAIT_NANOS);
        }
      }
    }
  }

  private RuntimeException sourceFailure(Exception e) {
    if (e instanceof WeirException w && w.stepName().isPresent()) {
      return w;
    }
    return new UserFunctionException(head.name(), config.subtask(), config.chain().parallelism(), e);
  }
}
