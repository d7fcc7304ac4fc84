package dev.weir.runtime.window;

import dev.weir.sdk.OutputTag;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.TimeDomain;
import dev.weir.sdk.state.MapState;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Event-time windows of one keyed step, built on keyed state and event-time timers (so they
 * checkpoint and restore like any keyed state).
 *
 * <p>Per key it keeps, for each open window by start: the accumulator, the end and the
 * number of firings so far. A window fires at the timer {@code end - 1} (on time), again for
 * each late record accepted within the allowed lateness, and its state is dropped at the
 * timer {@code end - 1 + allowedLateness}. A record whose windows are all past that point
 * goes to the late side output. Session windows merge when they touch.
 */
public final class WindowKeyedFn<A> extends KeyedProcessFn<Object, Object, Object> {
  private final String step;
  private final WindowSpec spec;
  private final WindowFunction<A> fn;
  private final OutputTag<Object> lateTag;
  private final StateSpec<MapState<Long, A>> accs;
  private final StateSpec<MapState<Long, Long>> ends;
  private final StateSpec<MapState<Long, Integer>> panes;
  /** Windows with records since their last firing (only with early firings). */
  private final StateSpec<MapState<Long, Boolean>> dirty;

  public WindowKeyedFn(String step, WindowSpec spec, WindowFunction<A> fn, OutputTag<Object> lateTag) {
    this.step = step;
    this.spec = spec;
    this.fn = fn;
    this.lateTag = lateTag;
    this.accs = StateSpec.map("window-acc", Types.LONG, fn.accumulatorCoder());
    this.ends = StateSpec.map("window-end", Types.LONG, Types.LONG);
    this.panes = StateSpec.map("window-pane", Types.LONG, Types.INT);
    this.dirty = StateSpec.map("window-dirty", Types.LONG, Types.BOOLEAN);
  }

  @Override
  public List<StateSpec<?>> stateSpecs() {
    return spec.earlyFiringMillis() > 0 ? List.of(accs, ends, panes, dirty) : List.of(accs, ends, panes);
  }

  @Override
  public void processElement(Object value, Context<Object, Object> ctx) {
    long ts = ctx.timestamp();
    if (ts == Long.MIN_VALUE) {
      throw new IllegalStateException("window step '" + step + "' got a record without an event "
          + "timestamp; apply assignTimestampsAndWatermarks(name, WatermarkStrategy...) before keyBy");
    }
    long wm = ctx.timers().currentWatermark();
    if (spec.kind() == WindowSpec.Kind.SESSION) {
      addToSession(value, ts, wm, ctx);
      return;
    }
    MapState<Long, A> acc = ctx.state(accs);
    boolean accepted = false;
    for (long start : WindowAssignment.starts(spec, ts)) {
      long end = WindowAssignment.end(spec, start);
      if (WindowAssignment.cleanupTime(spec, end) <= wm) {
        continue;
      }
      accepted = true;
      A current = acc.get(start);
      acc.put(start, current == null ? fn.first(value) : fn.add(current, value));
      if (current == null) {
        ctx.state(ends).put(start, end);
      }
      scheduleOrFire(start, end, wm, ctx);
    }
    if (!accepted) {
      ctx.output(lateTag, value);
    }
  }

  private void addToSession(Object value, long ts, long wm, Context<Object, Object> ctx) {
    MapState<Long, A> acc = ctx.state(accs);
    MapState<Long, Long> end = ctx.state(ends);
    MapState<Long, Integer> pane = ctx.state(panes);
    long start = ts;
    long stop = ts + spec.sizeMillis();
    List<Long> touching = new ArrayList<>();
    for (Long s : sorted(end.keys())) {
      if (s <= stop && end.get(s) >= start) {
        touching.add(s);
      }
    }
    if (touching.isEmpty() && WindowAssignment.cleanupTime(spec, stop) <= wm) {
      ctx.output(lateTag, value);
      return;
    }
    A merged = null;
    int fired = 0;
    for (Long s : touching) {
      merged = merged == null ? acc.get(s) : fn.merge(merged, acc.get(s));
      start = Math.min(start, s);
      stop = Math.max(stop, end.get(s));
      fired = Math.max(fired, pane.getOrDefault(s, 0));
      acc.remove(s);
      end.remove(s);
      pane.remove(s);
      if (spec.earlyFiringMillis() > 0) {
        ctx.state(dirty).remove(s);
      }
    }
    acc.put(start, merged == null ? fn.first(value) : fn.add(merged, value));
    end.put(start, stop);
    if (fired > 0) {
      pane.put(start, fired);
    }
    scheduleOrFire(start, stop, wm, ctx);
  }

  /** Registers the window's timers, or fires it now when the watermark already passed its end. */
  private void scheduleOrFire(long start, long end, long wm, Context<Object, Object> ctx) {
    long fireAt = WindowAssignment.fireTime(end);
    if (fireAt <= wm) {
      fire(start, end, WindowResult.Timing.LATE, ctx);
    } else {
      ctx.timers().registerEventTimeTimer(fireAt);
      long early = spec.earlyFiringMillis();
      if (early > 0) {
        ctx.state(dirty).put(start, Boolean.TRUE);
        long now = ctx.timers().currentProcessingTime();
        ctx.timers().registerProcessingTimeTimer(now - Math.floorMod(now, early) + early);
      }
    }
    long cleanupAt = WindowAssignment.cleanupTime(spec, end);
    if (cleanupAt != fireAt) {
      ctx.timers().registerEventTimeTimer(cleanupAt);
    }
  }

  private void fire(long start, long end, WindowResult.Timing timing, Context<Object, Object> ctx) {
    MapState<Long, Integer> pane = ctx.state(panes);
    int n = pane.getOrDefault(start, 0);
    fn.emit(ctx.key(), start, end, n, timing, ctx.state(accs).get(start), ctx::output);
    pane.put(start, n + 1);
    if (spec.earlyFiringMillis() > 0) {
      ctx.state(dirty).remove(start);
    }
  }

  @Override
  public void onTimer(long timestamp, TimeDomain domain, Context<Object, Object> ctx) {
    MapState<Long, Long> end = ctx.state(ends);
    if (domain == TimeDomain.PROCESSING_TIME) {
      // Early firing: windows with new records that have not fired on time yet.
      long wm = ctx.timers().currentWatermark();
      for (Long s : sorted(ctx.state(dirty).keys())) {
        Long e = end.get(s);
        if (e != null && WindowAssignment.fireTime(e) > wm) {
          fire(s, e, WindowResult.Timing.EARLY, ctx);
        }
      }
      return;
    }
    List<Long> starts = sorted(end.keys());
    for (Long s : starts) {
      long e = end.get(s);
      if (WindowAssignment.fireTime(e) == timestamp) {
        fire(s, e, WindowResult.Timing.ON_TIME, ctx);
      }
    }
    for (Long s : starts) {
      if (WindowAssignment.cleanupTime(spec, end.get(s)) <= timestamp) {
        ctx.state(accs).remove(s);
        ctx.state(panes).remove(s);
        if (spec.earlyFiringMillis() > 0) {
          ctx.state(dirty).remove(s);
        }
        end.remove(s);
      }
    }
  }

  private static List<Long> sorted(java.util.Collection<Long> keys) {
    List<Long> list = new ArrayList<>(keys);
    Collections.sort(list);
    return list;
  }
}
