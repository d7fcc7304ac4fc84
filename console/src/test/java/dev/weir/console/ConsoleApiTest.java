package dev.weir.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.console.internal.JsonWriter;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.CheckpointTrigger;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.types.KV;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API of a running word count on the local runner: every endpoint's JSON is valid
 * against its schema and holds the job's real values (records counted per step and subtask,
 * the very checkpoint ids and figures {@code PipelineResult.checkpoints()} reports), and the
 * actions take real checkpoints and savepoints. An action on a job that has ended is a 409
 * with a JSON error, and changes nothing.
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
    long before = System.currentTimeMillis();
    // The console of LocalRunner.builder().console(port) listens on loopback only, without token.
    assertThat(wc.uri().getHost()).isEqualTo("127.0.0.1");
    ApiClient.Answer config = api.get("api/config");
    Schemas.assertValid("config.json", config.text());
    assertThat(config.object()).containsEntry("actionsNeedToken", false);

    wc.push(1_000); // 3,000 words
    Await.until("3,000 words counted", WAIT, () -> wc.wordsCounted() == 3_000 ? true : null);
    // The sink has committed every count update once a checkpoint after them completed.
    List<KV<String, Long>> committed = wc.counts.awaitSize(3_000, WAIT);
    assertThat(wc.counts.<String, Long>latestByKey()).containsEntry("alpha", 1_000L)
        .containsEntry("beta", 1_000L).hasSize(9);

    ApiClient.Answer jobs = api.get("api/jobs");
    Schemas.assertValid("jobs.json", jobs.text());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = (List<Map<String, Object>>) jobs.object().get("jobs");
    assertThat(list).singleElement().satisfies(j -> {
      assertThat(j).containsEntry("id", wc.id()).containsEntry("name", "wordcount")
          .containsEntry("state", "RUNNING").containsEntry("runner", "local")
          .containsEntry("endTime", null).containsEntry("restarts", (double) wc.job.restarts());
      assertThat(num(j.get("startTime"))).isBetween(before - 60_000, System.currentTimeMillis());
      assertThat(num(j.get("durationMs"))).isBetween(0L, System.currentTimeMillis() - before + 60_000);
    });

    ApiClient.Answer jobAnswer = api.get("api/jobs/" + wc.id());
    Schemas.assertValid("job.json", jobAnswer.text());
    Map<String, Object> job = jobAnswer.object();
    assertThat(job).containsEntry("id", wc.id()).containsEntry("state", "RUNNING")
        .containsEntry("failure", null).containsEntry("parallelism", 2.0);
    // Record counts: 1,000 lines in, 3,000 words out of split, each counted, each update sunk.
    assertThat(records(job, "lines")).containsExactly(1_000L, 1_000L);
    assertThat(records(job, RunningWordCount.SPLIT)).containsExactly(1_000L, 3_000L);
    assertThat(records(job, RunningWordCount.COUNT)).containsExactly(3_000L, 3_000L);
    assertThat(records(job, "counts")).containsExactly((long) committed.size(), 0L);
    // ... and equal to what the job itself reports.
    for (String name : List.of("lines", RunningWordCount.SPLIT, RunningWordCount.COUNT, "counts")) {
      var m = wc.job.metrics().step(name);
      assertThat(records(job, name)).as(name).containsExactly(m.recordsIn(), m.recordsOut());
    }
    assertThat(step(job, RunningWordCount.COUNT)).containsEntry("kind", "KEYED_OPERATOR")
        .containsEntry("inputs", List.of(RunningWordCount.SPLIT));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> exchanges = (List<Map<String, Object>>) job.get("exchanges");
    assertThat(exchanges).singleElement().satisfies(e -> assertThat(e).containsEntry("type", "HASH")
        .containsEntry("keyBy", "byWord").containsEntry("toStep", RunningWordCount.COUNT));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> chains = (List<Map<String, Object>>) job.get("chains");
    assertThat(chains).extracting(c -> c.get("steps")).containsExactly(
        List.of("lines", RunningWordCount.SPLIT), List.of(RunningWordCount.COUNT, "counts"));

    ApiClient.Answer subtasks = api.get("api/jobs/" + wc.id() + "/subtasks");
    Schemas.assertValid("subtasks.json", subtasks.text());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> subs = (List<Map<String, Object>>) subtasks.object().get("subtasks");
    assertThat(subs).hasSize(4) // tasks lines+split and count+counts, 2 subtasks each
        .allSatisfy(s -> assertThat(s).containsEntry("worker", "local").containsEntry("state", "RUNNING")
            .containsEntry("restarts", 0.0));
    assertThat(sum(subs, "lines", "recordsIn")).isEqualTo(1_000);
    assertThat(sum(subs, "lines", "recordsOut")).isEqualTo(3_000);
    assertThat(sum(subs, RunningWordCount.COUNT, "recordsIn")).isEqualTo(3_000);

    // Checkpoints: exactly the ids and figures the job reports, once at least 3 completed.
    Await.until("3 checkpoints", WAIT, () -> wc.job.checkpoints().size() >= 3 ? true : null);
    List<CheckpointMetrics> earlier = wc.job.checkpoints();
    ApiClient.Answer cps = api.get("api/jobs/" + wc.id() + "/checkpoints");
    List<CheckpointMetrics> later = wc.job.checkpoints();
    Schemas.assertValid("checkpoints.json", cps.text());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> history = (List<Map<String, Object>>) cps.object().get("history");
    List<Map<String, Object>> completed = history.stream()
        .filter(h -> h.get("status").equals("COMPLETED")).toList();
    List<Long> listed = completed.stream().map(h -> num(h.get("id"))).toList();
    List<Long> ids = ids(later);
    // The job checkpoints every 200 ms: the answer lies between the two readings around it.
    assertThat(listed).startsWith(ids(earlier).toArray(Long[]::new));
    assertThat(ids).startsWith(listed.toArray(Long[]::new));
    Map<Long, CheckpointMetrics> real = later.stream()
        .collect(Collectors.toMap(CheckpointMetrics::checkpointId, Function.identity()));
    assertThat(completed).allSatisfy(h -> {
      CheckpointMetrics m = real.get(num(h.get("id")));
      assertThat(h).containsEntry("trigger", m.trigger().name()).containsEntry("savepoint", false)
          .containsEntry("kind", m.full() ? "FULL" : "DELTA");
      assertThat(num(h.get("triggerTimestamp"))).isEqualTo(m.triggerTimestamp());
      assertThat(num(h.get("durationMs"))).isEqualTo(m.durationMs());
      assertThat(num(h.get("bytes"))).isEqualTo(m.bytes()).isPositive();
    });
    assertThat(completed.get(0)).containsEntry("trigger", "INTERVAL").containsEntry("kind", "FULL");
    // A periodic checkpoint may fail on a loaded machine: listed, then, with the job's own id.
    List<Long> failed = history.stream().filter(h -> h.get("status").equals("FAILED"))
        .map(h -> num(h.get("id"))).toList();
    assertThat(wc.job.failedCheckpoints().stream().map(f -> f.checkpointId()).toList()).containsAll(failed);
    assertThat(cps.object()).containsEntry("jobId", wc.id())
        .containsEntry("latestCompletedId", (double) listed.get(listed.size() - 1))
        .containsEntry("counts", Map.of("completed", (double) listed.size(),
            "failed", (double) failed.size(), "savepoints", 0.0))
        .containsEntry("savepoints", List.of());
  }

  @Test
  void actionsTakeRealCheckpointsAndSavepointsAndStopTheJob(@TempDir Path dir) throws Exception {
    wc.push(500);
    ApiClient.Answer cp = api.post("api/jobs/" + wc.id() + "/checkpoints", "");
    assertThat(cp.status()).as(cp.text()).isEqualTo(200);
    Schemas.assertValid("action.json", cp.text());
    assertThat(cp.object()).containsEntry("action", "checkpoint").containsEntry("state", "RUNNING");
    long id = num(cp.object().get("checkpointId"));
    assertThat(wc.job.checkpoints()).filteredOn(m -> m.trigger() == CheckpointTrigger.ON_DEMAND)
        .extracting(CheckpointMetrics::checkpointId).containsExactly(id);
    assertThat(listedTriggers()).containsEntry(id, "ON_DEMAND");

    ApiClient.Answer sp = api.post("api/jobs/" + wc.id() + "/savepoints",
        "{\"targetDirectory\": " + JsonWriter.write(dir.toString()) + "}");
    assertThat(sp.status()).as(sp.text()).isEqualTo(200);
    Schemas.assertValid("action.json", sp.text());
    Path written = Path.of((String) sp.object().get("savepointPath"));
    assertThat(written.getParent()).isEqualTo(dir);
    assertThat(Files.isDirectory(written)).isTrue();
    long spId = num(sp.object().get("checkpointId"));
    assertThat(wc.job.checkpoints()).filteredOn(CheckpointMetrics::savepoint)
        .extracting(CheckpointMetrics::checkpointId).containsExactly(spId);
    assertThat(written.getFileName().toString()).endsWith("-" + spId);
    ApiClient.Answer cps = api.get("api/jobs/" + wc.id() + "/checkpoints");
    Schemas.assertValid("checkpoints.json", cps.text());
    assertThat(cps.object().get("savepoints")).asList().singleElement()
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("checkpointId", (double) spId).containsEntry("path", written.toString());
    assertThat(listedTriggers()).containsEntry(spId, "SAVEPOINT");

    ApiClient.Answer stop = api.post("api/jobs/" + wc.id() + "/stop", "{\"savepoint\": false}");
    assertThat(stop.status()).isEqualTo(200);
    Schemas.assertValid("action.json", stop.text());
    assertThat(wc.job.waitUntilFinish(WAIT)).isEqualTo(PipelineResult.State.STOPPED);
    assertThat(wc.job.checkpoints()).last().extracting(CheckpointMetrics::trigger)
        .isEqualTo(CheckpointTrigger.STOP);
    assertThat(api.get("api/jobs/" + wc.id()).object()).containsEntry("state", "STOPPED");
  }

  @Test
  void anActionOnAJobThatHasEndedIsA409AndChangesNothing(@TempDir Path dir) throws Exception {
    ApiClient.Answer cancel = api.post("api/jobs/" + wc.id() + "/cancel", "");
    assertThat(cancel.status()).isEqualTo(200);
    Schemas.assertValid("action.json", cancel.text());
    assertThat(cancel.object()).containsEntry("action", "cancel").containsEntry("state", "CANCELLED");
    assertThat(wc.job.state()).isEqualTo(PipelineResult.State.CANCELLED);
    List<CheckpointMetrics> taken = wc.job.checkpoints();
    String listedBefore = api.get("api/jobs/" + wc.id() + "/checkpoints").text();

    String spBody = "{\"targetDirectory\": " + JsonWriter.write(dir.resolve("sp").toString()) + "}";
    for (String[] action : List.of(new String[] {"checkpoints", "", "checkpoint"},
        new String[] {"savepoints", spBody, "savepoint"}, new String[] {"stop", "{\"savepoint\": true}", "stop"},
        new String[] {"cancel", "", "cancel"})) {
      ApiClient.Answer late = api.post("api/jobs/" + wc.id() + "/" + action[0], action[1]);
      assertThat(late.status()).as(late.text()).isEqualTo(409);
      Schemas.assertValid("error.json", late.text());
      assertThat(late.object()).containsEntry("status", 409.0).containsEntry("error", "job 'wordcount' ("
          + wc.id() + ") has ended CANCELLED: no " + action[2]);
    }
    assertThat(wc.job.state()).isEqualTo(PipelineResult.State.CANCELLED);
    assertThat(wc.job.checkpoints()).isEqualTo(taken);
    assertThat(dir.resolve("sp")).doesNotExist();
    assertThat(api.get("api/jobs/" + wc.id() + "/checkpoints").text()).isEqualTo(listedBefore);
    ApiClient.Answer ended = api.get("api/jobs");
    Schemas.assertValid("jobs.json", ended.text());
    @SuppressWarnings("unchecked")
    Map<String, Object> j = ((List<Map<String, Object>>) ended.object().get("jobs")).get(0);
    assertThat(j).containsEntry("state", "CANCELLED");
    assertThat(num(j.get("endTime"))).isGreaterThanOrEqualTo(num(j.get("startTime")));
  }

  private Map<Long, String> listedTriggers() throws Exception {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> history = (List<Map<String, Object>>)
        api.get("api/jobs/" + wc.id() + "/checkpoints").object().get("history");
    return history.stream().collect(Collectors.toMap(h -> num(h.get("id")), h -> (String) h.get("trigger")));
  }

  private static List<Long> ids(List<CheckpointMetrics> checkpoints) {
    return checkpoints.stream().map(CheckpointMetrics::checkpointId).toList();
  }

  /** A step's records in and out as the API shows them. */
  private static List<Long> records(Map<String, Object> job, String name) {
    Map<String, Object> s = step(job, name);
    return List.of(num(s.get("recordsIn")), num(s.get("recordsOut")));
  }

  private static long sum(List<Map<String, Object>> subtasks, String task, String field) {
    return subtasks.stream().filter(s -> s.get("task").equals(task)).mapToLong(s -> num(s.get(field))).sum();
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
