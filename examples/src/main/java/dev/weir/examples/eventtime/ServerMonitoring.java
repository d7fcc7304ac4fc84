package dev.weir.examples.eventtime;

import dev.weir.sdk.PStream;
import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.time.WatermarkStrategy;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.time.Duration;

/**
 * Per-host CPU average over sliding event-time windows; an alert for each window whose
 * average is above a threshold.
 *
 * <pre>{@code
 * PStream<KV<String, Double>> samples = p.read("cpu", source);   // (host, cpu %) with event timestamps
 * ServerMonitoring.alerts(samples, Duration.ofMinutes(5), Duration.ofMinutes(1), 90.0)
 *     .write("alerts", sink);
 * }</pre>
 */
public final class ServerMonitoring {
  /** Sum and count of the samples of a window. */
  static final Coder<KV<Double, Long>> SUM_AND_COUNT = Types.kv(Types.DOUBLE, Types.LONG);

  private ServerMonitoring() {
  }

  /** The average of a window's values. */
  public static final class Average implements AggregateFn<KV<String, Double>, KV<Double, Long>, Double> {
    @Override public KV<Double, Long> createAccumulator() { return KV.of(0.0, 0L); }

    @Override
    public KV<Double, Long> add(KV<Double, Long> acc, KV<String, Double> sample) {
      return KV.of(acc.key() + sample.value(), acc.value() + 1);
    }

    @Override public Double result(KV<Double, Long> acc) { return acc.key() / acc.value(); }

    @Override
    public KV<Double, Long> merge(KV<Double, Long> a, KV<Double, Long> b) {
      return KV.of(a.key() + b.key(), a.value() + b.value());
    }

    @Override public Coder<KV<Double, Long>> accumulatorCoder() { return SUM_AND_COUNT; }
  }

  /** The per-host averages of each sliding window. */
  public static PStream<WindowResult<String, Double>> averages(PStream<KV<String, Double>> samples,
      Duration size, Duration slide) {
    return samples
        .assignTimestampsAndWatermarks("stamped",
            WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(10)))
        .keyBy("byHost", KV::key, Types.STRING)
        .window(WindowSpec.sliding(size, slide))
        .aggregate("avgCpu", new Average());
  }

  /** "host avg=95.0 [start,end)" for every window whose average exceeds {@code threshold}. */
  public static PStream<String> alerts(PStream<KV<String, Double>> samples, Duration size,
      Duration slide, double threshold) {
    return averages(samples, size, slide)
        .filter("overThreshold", r -> r.value() > threshold)
        .map("alert", r -> r.key() + " avg=" + r.value() + " [" + r.start() + "," + r.end() + ")");
  }
}
