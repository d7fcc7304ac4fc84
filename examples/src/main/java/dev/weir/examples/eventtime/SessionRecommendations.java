package dev.weir.examples.eventtime;

import dev.weir.sdk.PStream;
import dev.weir.sdk.time.WatermarkStrategy;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Per-user session windows of item views; when a session closes, its top-N items (most
 * viewed, ties by name) become the user's recommendations.
 *
 * <pre>{@code
 * PStream<KV<String, String>> views = p.read("views", source);   // (user, item) with event timestamps
 * SessionRecommendations.topItems(views, Duration.ofMinutes(30), 3).write("recs", sink);
 * }</pre>
 */
public final class SessionRecommendations {
  private SessionRecommendations() {
  }

  /** "user [start,end): item1,item2,..." for each closed session. */
  public static PStream<String> topItems(PStream<KV<String, String>> views, Duration gap, int n) {
    return views
        .withCoder(Types.kv(Types.STRING, Types.STRING))
        .assignTimestampsAndWatermarks("stamped",
            WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(30)))
        .keyBy("byUser", KV::key, Types.STRING)
        .window(WindowSpec.session(gap))
        .process("topItems", (ctx, sessionViews, out) ->
            out.accept(ctx.key() + " [" + ctx.start() + "," + ctx.end() + "): "
                + String.join(",", top(sessionViews, n))));
  }

  static List<String> top(List<KV<String, String>> views, int n) {
    Map<String, Long> counts = new HashMap<>();
    for (KV<String, String> v : views) {
      counts.merge(v.value(), 1L, Long::sum);
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(n).map(Map.Entry::getKey).collect(Collectors.toList());
  }
}
