package dev.weir.runtime.window;

import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.fn.ReduceFn;
import dev.weir.sdk.time.ProcessWindowFn;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a window keeps per window (an accumulator in keyed state) and what it emits when it
 * fires; one adapter per API method (aggregate, reduce, process).
 *
 * <p>Accumulators are replaced, never changed in place: a snapshot may still hold the old one.
 */
public interface WindowFunction<A> {

  Coder<A> accumulatorCoder();

  /** The accumulator of a window that gets its first record. */
  A first(Object value);

  A add(A accumulator, Object value);

  /** Merges the accumulators of two session windows. */
  A merge(A a, A b);

  /** Emits the result of a firing. */
  void emit(Object key, long start, long end, int pane, WindowResult.Timing timing, A accumulator,
      Consumer<Object> out);

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <A> WindowFunction<A> aggregate(AggregateFn<?, A, ?> f) {
    AggregateFn<Object, A, Object> fn = (AggregateFn) f;
    return new WindowFunction<>() {
      @Override public Coder<A> accumulatorCoder() { return fn.accumulatorCoder(); }
      @Override public A first(Object v) { return fn.add(fn.createAccumulator(), v); }
      @Override public A add(A acc, Object v) { return fn.add(acc, v); }
      @Override public A merge(A a, A b) { return fn.merge(a, b); }
      @Override public void emit(Object key, long start, long end, int pane, WindowResult.Timing timing,
          A acc, Consumer<Object> out) {
        out.accept(new WindowResult<>(key, start, end, fn.result(acc), pane, timing));
      }
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static WindowFunction<Object> reduce(ReduceFn<?> f, Coder<?> coder) {
    ReduceFn<Object> fn = (ReduceFn) f;
    return new WindowFunction<>() {
      @Override public Coder<Object> accumulatorCoder() { return (Coder<Object>) coder; }
      @Override public Object first(Object v) { return v; }
      @Override public Object add(Object acc, Object v) { return fn.reduce(acc, v); }
      @Override public Object merge(Object a, Object b) { return fn.reduce(a, b); }
      @Override public void emit(Object key, long start, long end, int pane, WindowResult.Timing timing,
          Object acc, Consumer<Object> out) {
        out.accept(new WindowResult<>(key, start, end, acc, pane, timing));
      }
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static WindowFunction<List<Object>> process(ProcessWindowFn<?, ?, ?> f, Coder<?> coder) {
    ProcessWindowFn<Object, Object, Object> fn = (ProcessWindowFn) f;
    Coder<List<Object>> listCoder = Types.list((Coder<Object>) coder);
    return new WindowFunction<>() {
      @Override public Coder<List<Object>> accumulatorCoder() { return listCoder; }
      @Override public List<Object> first(Object v) { return List.of(v); }

      @Override
      public List<Object> add(List<Object> acc, Object v) {
        List<Object> next = new ArrayList<>(acc.size() + 1);
        next.addAll(acc);
        next.add(v);
        return next;
      }

      @Override
      public List<Object> merge(List<Object> a, List<Object> b) {
        List<Object> next = new ArrayList<>(a);
        next.addAll(b);
        return next;
      }

      @Override
      public void emit(Object key, long start, long end, int pane, WindowResult.Timing timing,
          List<Object> acc, Consumer<Object> out) {
        fn.process(new ProcessWindowFn.Context<>() {
          @Override public Object key() { return key; }
          @Override public long start() { return start; }
          @Override public long end() { return end; }
          @Override public int pane() { return pane; }
          @Override public WindowResult.Timing timing() { return timing; }
        }, java.util.Collections.unmodifiableList(acc), out);
      }
    };
  }
}
