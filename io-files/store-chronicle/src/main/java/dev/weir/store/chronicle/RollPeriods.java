package dev.weir.store.chronicle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/** Maps a roll period to the Chronicle roll cycle of that length. */
final class RollPeriods {

  private static final Map<Duration, RollCycle> CYCLES = new LinkedHashMap<>();

  static {
    CYCLES.put(Duration.ofSeconds(1), TestRollCycles.TEST_SECONDLY);
    CYCLES.put(Duration.ofMinutes(1), LegacyRollCycles.MINUTELY);
    CYCLES.put(Duration.ofMinutes(5), RollCycles.FIVE_MINUTELY);
    CYCLES.put(Duration.ofMinutes(10), RollCycles.TEN_MINUTELY);
    CYCLES.put(Duration.ofMinutes(20), RollCycles.TWENTY_MINUTELY);
    CYCLES.put(Duration.ofMinutes(30), RollCycles.HALF_HOURLY);
    CYCLES.put(Duration.ofHours(1), RollCycles.FAST_HOURLY);
    CYCLES.put(Duration.ofHours(2), RollCycles.TWO_HOURLY);
    CYCLES.put(Duration.ofHours(4), RollCycles.FOUR_HOURLY);
    CYCLES.put(Duration.ofHours(6), RollCycles.SIX_HOURLY);
    CYCLES.put(Duration.ofDays(1), RollCycles.FAST_DAILY);
  }

  private RollPeriods() {}

  static RollCycle of(Duration period) {
    RollCycle cycle = CYCLES.get(period);
    if (cycle == null) {
      throw new IllegalArgumentException("roll period " + period + " is not supported; use one of "
          + CYCLES.keySet());
    }
    return cycle;
  }
}
