package dev.weir.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.console.internal.JsonViews;
import dev.weir.console.internal.JsonWriter;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.StepMetrics;
import dev.weir.sdk.SubtaskMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A job whose plan the console does not have (a cluster's job whose class is not on the
 * console's class path) still answers {@code GET /api/jobs/{id}} within the schema: its steps
 * come from the metrics, with no kind and no chain, and the parallelism their subtasks show.
 */
class JobViewWithoutPlanTest {

  @Test
  void aJobWithoutAPlanShowsItsStepsFromTheMetricsWithinTheSchema() {
    JobMetrics metrics = new JobMetrics(
        Map.of("count", new StepMetrics("count", 10, 20, 0, 5, 1.5, 3.0, 0.25)),
        List.of(new SubtaskMetrics("count", 0, 4, 8, 5), new SubtaskMetrics("count", 1, 6, 12, 7)));
    JobDetail detail = new JobDetail(
        new JobSummary("orders-1", "orders", "RUNNING", 1_000, -1, 0, "distributed"),
        Optional.empty(), metrics, Optional.empty());

    String json = JsonWriter.write(JsonViews.job(detail));

    Schemas.assertValid("job.json", json);
    assertThat(json).contains("\"name\":\"count\",\"kind\":null,")
        .contains("\"chain\":null").contains("\"parallelism\":2,\"chain\"")
        .contains("\"recordsIn\":10").contains("\"backpressureRatio\":0.25")
        .contains("\"maxParallelism\":null");
  }
}
