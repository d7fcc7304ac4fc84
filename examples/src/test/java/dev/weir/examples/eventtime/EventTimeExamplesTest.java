package dev.weir.examples.eventtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.TestSource;
import dev.weir.testing.WeirTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The event-time examples on the local runner, against hand-computed results. */
class EventTimeExamplesTest {
  static final long S = 1_000;
  static final long MIN = 60 * S;

  static Pipeline pipeline(String job) {
    return Pipeline.create(PipelineOptions.defaults().withJobName(job).withParallelism(2));
  }

  @Test
  void serverMonitoringAlertsOnSlidingAveragesAboveTheThreshold() {
    TestSource<KV<String, Double>> samples = TestSource.builder(Types.kv(Types.STRING, Types.DOUBLE))
        .add(KV.of("h1", 80.0), 0).add(KV.of("h2", 95.0), 10 * S).add(KV.of("h1", 100.0), 20 * S)
        .add(KV.of("h1", 100.0), 40 * S).add(KV.of("h1", 50.0), 70 * S).build();
    Pipeline p = pipeline("monitoring");
    CollectingSink<String> alerts = CollectingSink.create();
    ServerMonitoring.alerts(p.read("cpu", samples).withParallelism(1), Duration.ofMinutes(1),
        Duration.ofSeconds(30), 90.0).write("alerts", alerts);
    WeirTest.run(p);
    // h1: [-30s,30s) 90.0, [0,60s) 93.3, [30s,90s) 75.0, [60s,120s) 50.0; h2: 95.0 twice.
    assertThat(alerts.results()).containsExactlyInAnyOrder(
        "h1 avg=" + (280.0 / 3) + " [0,60000)",
        "h2 avg=95.0 [-30000,30000)",
        "h2 avg=95.0 [0,60000)");
  }

  @Test
  void fraudDetectionFlagsThreeCitiesWithinTenMinutesOnce() {
    TestSource<KV<String, String>> txns = TestSource.builder(Types.kv(Types.STRING, Types.STRING))
        .add(KV.of("c1", "Paris"), 0).add(KV.of("c2", "Paris"), 0)
        .add(KV.of("c1", "Tokyo"), MIN).add(KV.of("c1", "New York"), 2 * MIN)
        .add(KV.of("c1", "Lima"), 3 * MIN).add(KV.of("c2", "Rome"), 5 * MIN)
        .add(KV.of("c2", "Oslo"), 20 * MIN).build();
    Pipeline p = pipeline("fraud");
    CollectingSink<String> alerts = CollectingSink.create();
    FraudDetection.suspicious(p.read("txns", txns).withParallelism(1), Duration.ofMinutes(10), 3)
        .write("alerts", alerts);
    WeirTest.run(p);
    // c2's Paris and Rome are forgotten (timers) before Oslo: no alert; c1 alerts once.
    assertThat(alerts.results()).containsExactly("c1: 3 cities within 600000 ms at 120000");
  }

  @Test
  void recommendationsAreTheTopItemsOfEachSession() {
    TestSource<KV<String, String>> views = TestSource.builder(Types.kv(Types.STRING, Types.STRING))
        .add(KV.of("u1", "a"), 0).add(KV.of("u2", "x"), MIN).add(KV.of("u1", "b"), 5 * MIN)
        .add(KV.of("u1", "a"), 10 * MIN).add(KV.of("u1", "c"), 120 * MIN).build();
    Pipeline p = pipeline("recommendations");
    CollectingSink<String> recs = CollectingSink.create();
    SessionRecommendations.topItems(p.read("views", views).withParallelism(1), Duration.ofMinutes(30), 2)
        .write("recs", recs);
    WeirTest.run(p);
    assertThat(recs.results()).containsExactlyInAnyOrder(
        "u1 [0,2400000): a,b",
        "u1 [7200000,9000000): c",
        "u2 [60000,1860000): x");
  }
}
