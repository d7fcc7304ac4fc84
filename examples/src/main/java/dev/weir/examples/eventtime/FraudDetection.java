package dev.weir.examples.eventtime;

import dev.weir.sdk.PStream;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.TimeDomain;
import dev.weir.sdk.state.MapState;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.time.WatermarkStrategy;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.time.Duration;
import java.util.List;

/**
 * Flags a card used in several distant places within a short time: per card, keyed state
 * holds the cities of its recent transactions and event-time timers forget them once they
 * are older than the time span.
 *
 * <pre>{@code
 * PStream<KV<String, String>> txns = p.read("txns", source);   // (card, city) with event timestamps
 * FraudDetection.suspicious(txns, Duration.ofMinutes(10), 3).write("alerts", sink);
 * }</pre>
 */
public final class FraudDetection {
  private FraudDetection() {
  }

  /** "card: N cities within span at t" when a card reaches {@code cities} distinct cities. */
  public static PStream<String> suspicious(PStream<KV<String, String>> transactions, Duration span,
      int cities) {
    return transactions
        .assignTimestampsAndWatermarks("stamped",
            WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(5)))
        .keyBy("byCard", KV::key, Types.STRING)
        .process("distantPlaces", new DistantPlaces(span.toMillis(), cities));
  }

  /** The per-card detector. */
  static final class DistantPlaces extends KeyedProcessFn<String, KV<String, String>, String> {
    /** City to the time of the card's latest transaction there. */
    static final StateSpec<MapState<String, Long>> SEEN = StateSpec.map("seen", Types.STRING, Types.LONG);
    /** Time of the last alert, so one burst alerts once. */
    static final StateSpec<ValueState<Long>> ALERTED = StateSpec.value("alerted", Types.LONG);

    private final long span;
    private final int cities;

    DistantPlaces(long span, int cities) {
      this.span = span;
      this.cities = cities;
    }

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(SEEN, ALERTED);
    }

    @Override
    public void processElement(KV<String, String> txn, Context<String, String> ctx) {
      long ts = ctx.timestamp();
      MapState<String, Long> seen = ctx.state(SEEN);
      seen.put(txn.value(), Math.max(ts, seen.getOrDefault(txn.value(), Long.MIN_VALUE)));
      ctx.timers().registerEventTimeTimer(ts + span);
      long recent = seen.entries().values().stream().filter(t -> t > ts - span).count();
      ValueState<Long> alerted = ctx.state(ALERTED);
      if (recent >= cities && (alerted.value() == null || alerted.value() <= ts - span)) {
        alerted.update(ts);
        ctx.output(ctx.key() + ": " + recent + " cities within " + span + " ms at " + ts);
      }
    }

    @Override
    public void onTimer(long timestamp, TimeDomain domain, Context<String, String> ctx) {
      MapState<String, Long> seen = ctx.state(SEEN);
      for (String city : List.copyOf(seen.keys())) {
        if (seen.get(city) <= timestamp - span) {
          seen.remove(city);
        }
      }
    }
  }
}
