package dev.weir.runtime.window;

import dev.weir.sdk.time.WindowSpec;

/** Decision: the windows a timestamp belongs to, and the times at which a window fires and expires. */
public final class WindowAssignment {
  private WindowAssignment() {
  }

  /** The starts of the windows containing {@code ts}, newest first (sessions: the record's own window). */
  public static long[] starts(WindowSpec spec, long ts) {
    switch (spec.kind()) {
      case TUMBLING:
        return new long[] {ts - Math.floorMod(ts, spec.sizeMillis())};
      case SLIDING: {
        long size = spec.sizeMillis();
        long slide = spec.slideMillis();
        long last = ts - Math.floorMod(ts, slide);
        int n = (int) ((last - (ts - size)) / slide);
        if ((last - (ts - size)) % slide != 0) {
          n++;
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = last - i * slide;
        }
        return out;
      }
      case SESSION:
        return new long[] {ts};
      default:
        return new long[] {Long.MIN_VALUE};
    }
  }

  /** The end (exclusive) of the window starting at {@code start}. */
  public static long end(WindowSpec spec, long start) {
    return spec.kind() == WindowSpec.Kind.GLOBAL ? Long.MAX_VALUE : start + spec.sizeMillis();
  }

  /** The timestamp of the window's on-time firing: its last millisecond. */
  public static long fireTime(long end) {
    return end - 1;
  }

  /** When the window's state is dropped: its last millisecond plus the allowed lateness. */
  public static long cleanupTime(WindowSpec spec, long end) {
    long t = end - 1 + spec.allowedLatenessMillis();
    return t < end - 1 ? Long.MAX_VALUE - 1 : Math.min(t, Long.MAX_VALUE - 1);
  }
}
