package dev.weir.runtime.graph;

import dev.weir.runtime.window.WindowFunction;
import dev.weir.runtime.window.WindowKeyedFn;
import dev.weir.sdk.OutputTag;
import dev.weir.sdk.PStream;
import dev.weir.sdk.PipelineValidationException;
import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.fn.ReduceFn;
import dev.weir.sdk.time.ProcessWindowFn;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.WindowedPStream;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.util.Objects;

/** The handle on a windowed keyed stream; each method adds one keyed window step. */
final class WindowedPStreamImpl<K, T> implements WindowedPStream<K, T> {
  private final KeyedPStreamImpl<K, T> keyed;
  private final WindowSpec spec;
  private final OutputTag<T> lateTag;

  WindowedPStreamImpl(KeyedPStreamImpl<K, T> keyed, WindowSpec spec, OutputTag<T> lateTag) {
    this.keyed = keyed;
    this.spec = spec;
    this.lateTag = lateTag;
  }

  @Override
  public WindowedPStream<K, T> withLateOutput(OutputTag<T> tag) {
    return new WindowedPStreamImpl<>(keyed, spec, Objects.requireNonNull(tag, "tag"));
  }

  @SuppressWarnings("unchecked")
  private OutputTag<Object> late() {
    return (OutputTag<Object>) (lateTag != null ? lateTag
        : OutputTag.of(LATE_TAG_ID, keyed.inputCoder()));
  }

  private <R> PStream<R> step(String name, WindowFunction<?> fn) {
    return keyed.windowStep(name, new WindowKeyedFn<>(keyed.qualifiedName(name), spec, fn, late()), null);
  }

  @Override
  public PStream<WindowResult<K, Long>> count(String name) {
    return aggregate(name, countFn());
  }

  private AggregateFn<T, Long, Long> countFn() {
    return new AggregateFn<>() {
      @Override public Long createAccumulator() { return 0L; }
      @Override public Long add(Long n, T value) { return n + 1; }
      @Override public Long result(Long n) { return n; }
      @Override public Long merge(Long a, Long b) { return a + b; }
      @Override public Coder<Long> accumulatorCoder() { return Types.LONG; }
    };
  }

  @Override
  public PStream<WindowResult<K, T>> reduce(String name, ReduceFn<T> fn) {
    Objects.requireNonNull(fn, "fn");
    return step(name, WindowFunction.reduce(fn, requireInputCoder(name, "the reduced value")));
  }

  @Override
  public <A, R> PStream<WindowResult<K, R>> aggregate(String name, AggregateFn<? super T, A, R> fn) {
    Objects.requireNonNull(fn, "fn");
    String q = keyed.qualifiedName(name);
    if (fn.accumulatorCoder() == null) {
      throw new PipelineValidationException(q, "window step '" + q + "' has an AggregateFn without an "
          + "accumulator coder; return one from accumulatorCoder(), e.g. Types.LONG");
    }
    if (spec.kind() == WindowSpec.Kind.SESSION && !overridesMerge(fn)) {
      throw new PipelineValidationException(q, "window step '" + q + "' uses session windows, which "
          + "merge accumulators, but its AggregateFn does not implement merge(a, b); implement it");
    }
    return step(name, WindowFunction.aggregate(fn));
  }

  @Override
  public <R> PStream<R> process(String name, ProcessWindowFn<K, T, R> fn) {
    Objects.requireNonNull(fn, "fn");
    return step(name, WindowFunction.process(fn, requireInputCoder(name, "the window's records")));
  }

  private Coder<T> requireInputCoder(String name, String what) {
    Coder<T> coder = keyed.inputCoder();
    if (coder == null) {
      String q = keyed.qualifiedName(name);
      throw new PipelineValidationException(q, "window step '" + q + "' keeps " + what + " in "
          + "state but the coder of its input is unknown; declare it on the input, e.g. "
          + "stream.withCoder(Types.LONG) before keyBy(\"" + keyed.keyByName() + "\", ...)");
    }
    return coder;
  }

  private static boolean overridesMerge(AggregateFn<?, ?, ?> fn) {
    try {
      return fn.getClass().getMethod("merge", Object.class, Object.class).getDeclaringClass()
          != AggregateFn.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
