package dev.weir.examples.bench;

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
      Object v = e.getValue();
      if (v == null) {
        b.append("null");
      } else if (v instanceof Number || v instanceof Boolean) {
        b.append(v instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : v.toString());
      } else {
        b.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return b.append('}').toString();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
