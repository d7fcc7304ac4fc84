package dev.weir.testing;

import dev.weir.sdk.spi.FaultInjector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures to inject into a job on the local runner, to test recovery. Each planned fault
 * fires once, in the first attempt that reaches it; the job then restarts from its latest
 * checkpoint.
 *
 * <pre>{@code
 * Faults faults = Faults.create()
 *     .crashAtRecord("count", 1, 5_000)      // subtask 1 of step "count", before its 5000th record
 *     .crashAtBarrier("count", 0, 3)         // when subtask 0 snapshots checkpoint 3
 *     .crashDuringAsyncWrite("count", 0, 2); // while subtask 0 writes checkpoint 2
 * LocalRunner.builder().checkpointStore(store).faults(faults).build().run(pipeline);
 * assertThat(faults.fired()).isEqualTo(3);
 * }</pre>
 *
 * <p>Record counts and step names refer to the step that heads a task: a source, a keyed
 * step, a union, or a step whose parallelism differs from its input's ({@code explain()}
 * shows the chains). Thread-safe.
 */
public final class Faults implements FaultInjector {

  /** The exception an injected fault throws. */
  public static final class InjectedFailure extends dev.weir.sdk.spi.InjectedCrash {
    private static final long serialVersionUID = 1L;

    InjectedFailure(String message) {
      super(message);
    }
  }

  private record Planned(String kind, String step, int subtask, long at, AtomicBoolean fired) {
  }

  private final List<Planned> planned = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger fired = new AtomicInteger();
  private volatile boolean hasRecordFaults;

  private Faults() {
  }

  /** No faults yet. */
  public static Faults create() {
    return new Faults();
  }

  /** Crash subtask {@code subtask} of {@code step} before it processes record {@code index} (from 0). */
  public synchronized Faults crashAtRecord(String step, int subtask, long index) {
    planned.add(new Planned("record", Objects.requireNonNull(step, "step"), subtask, index, new AtomicBoolean()));
    hasRecordFaults = true;
    return this;
  }

  /** Crash subtask {@code subtask} of {@code step} when it snapshots checkpoint {@code checkpointId}. */
  public synchronized Faults crashAtBarrier(String step, int subtask, long checkpointId) {
    planned.add(new Planned("barrier", Objects.requireNonNull(step, "step"), subtask, checkpointId, new AtomicBoolean()));
    return this;
  }

  /**
   * Crash the job while subtask {@code subtask} of {@code step} writes checkpoint
   * {@code checkpointId} asynchronously, as if the process died mid-write.
   */
  public synchronized Faults crashDuringAsyncWrite(String step, int subtask, long checkpointId) {
    planned.add(new Planned("async", Objects.requireNonNull(step, "step"), subtask, checkpointId, new AtomicBoolean()));
    return this;
  }

  /**
   * Crash the job after subtask {@code subtask} of {@code step} wrote its blobs of checkpoint
   * {@code checkpointId} and before it acknowledged, so the checkpoint never gets a manifest.
   */
  public synchronized Faults crashAfterAsyncWrite(String step, int subtask, long checkpointId) {
    planned.add(new Planned("after-async", Objects.requireNonNull(step, "step"), subtask, checkpointId, new AtomicBoolean()));
    return this;
  }

  /**
   * Crash sink step {@code step}'s subtask {@code subtask} when checkpoint {@code checkpointId}
   * has completed and before the sink commits it: the checkpoint is durable, its output is not.
   */
  public synchronized Faults crashBeforeCommit(String step, int subtask, long checkpointId) {
    planned.add(new Planned("commit", Objects.requireNonNull(step, "step"), subtask, checkpointId, new AtomicBoolean()));
    return this;
  }

  /** How many planned faults fired. */
  public int fired() {
    return fired.get();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Faults[");
    for (Planned p : planned) {
      b.append(p.kind).append(' ').append(p.step).append('/').append(p.subtask).append('@')
          .append(p.at).append(p.fired.get() ? " fired" : " pending").append("; ");
    }
    return b.append(']').toString();
  }

  private void check(String kind, String step, int subtask, long at) {
    for (Planned p : planned) {
      if (p.kind.equals(kind) && p.step.equals(step) && p.subtask == subtask && p.at == at
          && p.fired.compareAndSet(false, true)) {
        fired.incrementAndGet();
        throw new InjectedFailure("injected " + kind + " fault: step '" + step + "' subtask "
            + subtask + " at " + at);
      }
    }
  }

  @Override
  public boolean active() {
    return hasRecordFaults;
  }

  @Override
  public void beforeRecord(String step, int subtask, long recordIndex) {
    check("record", step, subtask, recordIndex);
  }

  @Override
  public void atBarrier(String step, int subtask, long checkpointId) {
    check("barrier", step, subtask, checkpointId);
  }

  @Override
  public void afterAsyncWrite(String step, int subtask, long checkpointId) {
    check("after-async", step, subtask, checkpointId);
  }

  @Override
  public void beforeCommit(String step, int subtask, long checkpointId) {
    check("commit", step, subtask, checkpointId);
  }

  @Override
  public void duringAsyncWrite(String step, int subtask, long checkpointId) {
    check("async", step, subtask, checkpointId);
  }
}
