/**
 * Event time: {@link dev.weir.sdk.time.WatermarkStrategy} (timestamps, bounded
 * out-of-orderness, idleness) and windows on keyed streams ({@link dev.weir.sdk.time.WindowSpec},
 * {@link dev.weir.sdk.WindowedPStream}, {@link dev.weir.sdk.time.WindowResult}).
 *
 * <pre>{@code
 * p.read("clicks", source)
 *  .assignTimestampsAndWatermarks("stamped",
 *      WatermarkStrategy.<Click>forBoundedOutOfOrderness(Duration.ofSeconds(5))
 *          .withTimestampAssigner((click, ts) -> click.time()))
 *  .keyBy("byUser", Click::user, Types.STRING)
 *  .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
 *  .count("perMinute")
 *  .write("out", sink);
 * }</pre>
 *
 * <p>See docs/event-time.md for how watermarks flow and when windows fire.
 */
package dev.weir.sdk.time;
