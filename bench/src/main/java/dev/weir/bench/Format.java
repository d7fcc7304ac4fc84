package dev.weir.bench;

import java.util.Locale;

/** How the report writes numbers: counts, byte sizes, intervals and figures with separators. */
final class Format {

  private Format() {
  }

  /** A figure with thousands separators, one decimal below 100 unless integral; "–" for NaN. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (v == Math.rint(v) || Math.abs(v) >= 100) {
      return fmt("%,.0f", v);
    }
    return fmt("%,.1f", v);
  }

  /** A byte size in B, KiB or MiB; "–" for NaN. */
  static String bytes(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (v >= 1 << 20) {
      return fmt("%.1f MiB", v / (1 << 20));
    }
    if (v >= 1 << 10) {
      return fmt("%.1f KiB", v / (1 << 10));
    }
    return fmt("%.0f B", v);
  }

  /** A record or key count: 20M, 2.5M, 100k, 999. */
  static String count(long v) {
    if (v >= 1_000_000 && v % 100_000 == 0) {
      return trimZero(fmt("%.1f", v / 1e6)) + "M";
    }
    if (v >= 1_000 && v % 100 == 0) {
      return trimZero(fmt("%.1f", v / 1e3)) + "k";
    }
    return Long.toString(v);
  }

  /** A checkpoint interval: "1 s", "250 ms". */
  static String ms(long intervalMs) {
    return intervalMs % 1000 == 0 ? intervalMs / 1000 + " s" : intervalMs + " ms";
  }

  /** {@link String#format} in the root locale. */
  static String fmt(String f, Object... v) {
    return String.format(Locale.ROOT, f, v);
  }

  private static String trimZero(String s) {
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
