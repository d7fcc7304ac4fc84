package dev.weir.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** Groups runs into configurations and finds the ones the report compares against. */
final class Configs {

  private Configs() {
  }

  /**
   * Groups runs by workload, store, interval, P, N and K, in the order first seen, then sorts
   * them: baseline first, then keyed-count variants, then the failure workloads.
   */
  static List<Config> group(List<Map<String, Object>> rows) {
    Map<String, Config> byKey = new LinkedHashMap<>();
    for (Map<String, Object> r : rows) {
      String workload = Objects.toString(r.get("workload"), "none");
      String store = r.containsKey("store") ? Objects.toString(r.get("store"), "none") : "none";
      long interval = lng(r.get("checkpointIntervalMs"));
      long p = lng(r.get("p"));
      long n = lng(r.get("n"));
      long k = lng(r.get("k"));
      String key = workload + "|" + store + "|" + interval + "|" + p + "|" + n + "|" + k;
      byKey.computeIfAbsent(key, x -> new Config(x, workload, store, interval, p, n, k,
          new ArrayList<>())).runs().add(r);
    }
    List<Config> out = new ArrayList<>(byKey.values());
    out.sort(Comparator.comparingInt(Configs::order));
    return out;
  }

  private static int order(Config c) {
    return switch (c.workload()) {
      case Config.PLAIN_JAVA -> 0;
      case "keyed-count" -> c.store().equals("none") ? 1 : c.store().equals("chronicle") ? 2 : 3;
      case "keyed-count-recovery" -> 4;
      case "big-state-checkpoint" -> 5;
      default -> 6;
    };
  }

  /** The plain-java configuration with the same N (and K if there is one), for ratios; or null. */
  static Config baselineFor(List<Config> configs, Config c) {
    Config sameN = null;
    for (Config b : configs) {
      if (b.isBaseline() && b.n() == c.n()) {
        if (b.k() == c.k()) {
          return b;
        }
        sameN = sameN == null ? b : sameN;
      }
    }
    return sameN != null ? sameN : find(configs, Config::isBaseline);
  }

  /** The first configuration that matches, or null. */
  static Config find(List<Config> configs, Predicate<Config> p) {
    return configs.stream().filter(p).findFirst().orElse(null);
  }

  /** The headline configuration: keyed-count, Chronicle, 1 s checkpoints; or null. */
  static Config headline(List<Config> configs) {
    return find(configs, c -> c.workload().equals("keyed-count") && c.store().equals("chronicle")
        && c.intervalMs() == 1000);
  }

  /** keyed-count with checkpoints off and the same P, N and K as {@code h}; or null. */
  static Config checkpointsOffLike(List<Config> configs, Config h) {
    return find(configs, c -> c.workload().equals("keyed-count") && c.intervalMs() <= 0
        && c.p() == h.p() && c.n() == h.n() && c.k() == h.k());
  }

  private static long lng(Object o) {
    return o instanceof Number x ? x.longValue() : 0;
  }
}
