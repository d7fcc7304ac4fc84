package dev.weir.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.CheckpointTrigger;
import dev.weir.sdk.PipelineResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API of a running word count on the local runner: every endpoint's JSON is valid
 * against its schema and holds the job's real values (records counted, checkpoint ids the job
 * reports), and the actions take real checkpoints and savepoints.
 */
class ConsoleApiTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private RunningWordCount wc;
  private ApiClient api;

  @BeforeEach
  void start() {
    wc = new RunningWordCount();
    api = new ApiClient(wc.uri());
  }

  @AfterEach
  void stop() throws InterruptedException {
    wc.close();
  }

  @Test
  void everyEndpointAnswersSchemaValidJsonWithTheJobsRealValues() throws Exception {
    wc.push(1_000); // 3,000 words
    Map<String, Object> job = Await.until("3,000 words counted", WAIT, () -> {
      Map<String, Object> j = api.get("api/jobs/" + wc.id()).object();
      return num(step(j, RunningWordCount.COUNT).get("recordsIn")) == 3_000 ? j : null;
    });
    ApiClient.Answer jobs = api.get("api/jobs");
    Schemas.assertValid("jobs.json", jobs.text());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = (List<Map<String, Object>>) jobs.object().get("jobs");
    assertThat(list).singleElement().satisfies(j -> {
      assertThat(j).containsEntry("id", wc.id()).containsEntry("name", "wordcount")
          .containsEntry("state", "RUNNING").containsEntry("runner", "local");
    });

    Schemas.assertValid("job.json", api.get("api/jobs/" + wc.id()).text());
    assertThat(num(step(job, "lines").get("recordsOut"))).isEqualTo(1_000);
    assertThat(num(step(job, RunningWordCount.SPLIT).get("recordsIn"))).isEqualTo(1_000);
    assertThat(num(step(job, RunningWordCount.SPLIT).get("recordsOut"))).isEqualTo(3_000);
    assertThat(step(job, RunningWordCount.COUNT)).containsEntry("kind", "KEYED_OPERATOR")
        .containsEntry("inputs", List.of(RunningWordCount.SPLIT));
    assertThat(job.get("parallelism")).isEqualTo(2.0);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> exchanges = (List<Map<String, Object>>) job.get("exchanges");
    assertThat(exchanges).anySatisfy(e -> assertThat(e).containsEntry("type", "HASH")
        .containsEntry("keyBy", "byWord").containsEntry("toStep", RunningWordCount.COUNT));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> chains = (List<Map<String, Object>>) job.get("chains");
    assertThat(chains).anySatisfy(c -> assertThat(c.get("steps"))
        .isEqualTo(List.of("lines", RunningWordCount.SPLIT)));

    // Checkpoints: the ids the job reports, once at least two completed.
    Await.until("2 checkpoints", WAIT, () -> wc.job.checkpoints().size() >= 2 ? true : null);
    ApiClient.Answer cps = api.get("api/jobs/" + wc.id() + "/checkpoints");
    Schemas.assertValid("checkpoints.json", cps.text());
    List<Long> real = wc.job.checkpoints().stream().map(CheckpointMetrics::checkpointId).toList();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> history = (List<Map<String, Object>>) cps.object().get("history");
    List<Long> listed = history.stream().filter(h -> h.get("status").equals("COMPLETED"))
        .map(h -> (long) num(h.get("id"))).toList();
    assertThat(listed).containsSequence(real.subList(0, 2));
    assertThat(history.get(0)).containsEntry("trigger", "INTERVAL").containsEntry("kind", "FULL");

    ApiClient.Answer subtasks = api.get("api/jobs/" + wc.id() + "/subtasks");
    Schemas.assertValid("subtasks.json", subtasks.text());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> subs = (List<Map<String, Object>>) subtasks.object().get("subtasks");
    assertThat(subs).hasSize(4) // tasks lines+split and count+counts, 2 subtasks each
        .allSatisfy(s -> assertThat(s).containsEntry("worker", "local").containsEntry("state", "RUNNING"));
    long countIn = subs.stream().filter(s -> s.get("task").equals(RunningWordCount.COUNT))
        .mapToLong(s -> num(s.get("recordsIn"))).sum();
    assertThat(countIn).isEqualTo(3_000);
  }

  @Test
  void actionsTakeRealCheckpointsAndSavepointsAndStopTheJob(@TempDir Path dir) throws Exception {
    wc.push(500);
    ApiClient.Answer cp = api.post("api/jobs/" + wc.id() + "/checkpoints", "");
    assertThat(cp.status()).isEqualTo(200);
    Schemas.assertValid("action.json", cp.text());
    long id = num(cp.object().get("checkpointId"));
    assertThat(wc.job.checkpoints()).anySatisfy(m -> {
      assertThat(m.checkpointId()).isEqualTo(id);
      assertThat(m.trigger()).isEqualTo(CheckpointTrigger.ON_DEMAND);
    });

    ApiClient.Answer sp = api.post("api/jobs/" + wc.id() + "/savepoints",
        "{\"targetDirectory\": " + dev.weir.console.internal.JsonWriter.write(dir.toString()) + "}");
    assertThat(sp.status()).as(sp.text()).isEqualTo(200);
    Schemas.assertValid("action.json", sp.text());
    Path written = Path.of((String) sp.object().get("savepointPath"));
    assertThat(written.getParent()).isEqualTo(dir);
    assertThat(Files.isDirectory(written)).isTrue();
    long spId = num(sp.object().get("checkpointId"));
    ApiClient.Answer cps = api.get("api/jobs/" + wc.id() + "/checkpoints");
    Schemas.assertValid("checkpoints.json", cps.text());
    assertThat(cps.text()).contains(dev.weir.console.internal.JsonWriter.write(written.toString()));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> history = (List<Map<String, Object>>) cps.object().get("history");
    assertThat(history).anySatisfy(h -> assertThat(h).containsEntry("id", (double) spId)
        .containsEntry("trigger", "SAVEPOINT").containsEntry("savepoint", true));

    ApiClient.Answer stop = api.post("api/jobs/" + wc.id() + "/stop", "{\"savepoint\": false}");
    assertThat(stop.status()).isEqualTo(200);
    assertThat(wc.job.waitUntilFinish(WAIT)).isEqualTo(PipelineResult.State.STOPPED);
    assertThat(wc.job.checkpoints()).last().extracting(CheckpointMetrics::trigger)
        .isEqualTo(CheckpointTrigger.STOP);

    // The job is gone: a clear 409, and it stays listed as STOPPED.
    ApiClient.Answer late = api.post("api/jobs/" + wc.id() + "/checkpoints", "{}");
    assertThat(late.status()).isEqualTo(409);
    Schemas.assertValid("error.json", late.text());
    assertThat((String) late.object().get("error")).contains("has ended STOPPED");
    assertThat(api.get("api/jobs/" + wc.id()).object()).containsEntry("state", "STOPPED");
  }

  @Test
  void cancelEndsTheJobCancelled() throws Exception {
    ApiClient.Answer cancel = api.post("api/jobs/" + wc.id() + "/cancel", "");
    assertThat(cancel.status()).isEqualTo(200);
    Schemas.assertValid("action.json", cancel.text());
    assertThat(cancel.object()).containsEntry("state", "CANCELLED");
    assertThat(wc.job.state()).isEqualTo(PipelineResult.State.CANCELLED);
  }

  static Map<String, Object> step(Map<String, Object> job, String name) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
    return steps.stream().filter(s -> s.get("name").equals(name)).findFirst().orElseThrow(() ->
        new AssertionError("no step " + name + " in " + steps.stream().map(s -> s.get("name"))
            .collect(Collectors.toList())));
  }

  static long num(Object v) {
    return ((Number) v).longValue();
  }
}
