package dev.weir.examples.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One run's figures, printed as one JSON line (field order as given). */
public final class BenchResult {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  public BenchResult put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  public Object get(String name) {
    return fields.get(name);
  }

  /** Whether {@code total} is exactly the expected count: the harness's exactly-once check. */
  public static boolean verified(long expected, long total) {
    return expected == total;
  }

  public String toJson() {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append('"').append(e.getKey()).append("\": ");
      appendValue(b, e.getValue());
    }
    return b.append('}').toString();
  }

  /** A scalar as before; a {@code long[]}, {@code int[]} or collection as a JSON array. */
  private static void appendValue(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : v.toString());
    } else if (v instanceof long[] a) {
      b.append('[');
      for (int i = 0; i < a.length; i++) {
        b.append(i == 0 ? "" : ", ").append(a[i]);
      }
      b.append(']');
    } else if (v instanceof int[] a) {
      b.append('[');
      for (int i = 0; i < a.length; i++) {
        b.append(i == 0 ? "" : ", ").append(a[i]);
      }
      b.append(']');
    } else if (v instanceof Collection<?> c) {
      b.append('[');
      boolean first = true;
      for (Object o : c) {
        b.append(first ? "" : ", ");
        appendValue(b, o);
        first = false;
      }
      b.append(']');
    } else {
      b.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
  }

  @Override
  public String toString() {
    return toJson();
  }
}
