package dev.weir.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.CheckpointTrigger;
import dev.weir.sdk.PipelineResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad requests to the console of a running word count: each is answered with its status and a
 * JSON error body (valid against error.json), and none changes the job — it keeps running and
 * takes no checkpoint but its periodic ones.
 */
class ConsoleBadInputTest {
  private static RunningWordCount wc;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    wc = new RunningWordCount();
    api = new ApiClient(wc.uri());
    wc.push(100);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      // None of the requests below changed the job.
      assertThat(wc.job.state()).isEqualTo(PipelineResult.State.RUNNING);
      assertThat(wc.job.checkpoints()).extracting(CheckpointMetrics::trigger)
          .containsOnly(CheckpointTrigger.INTERVAL);
    } finally {
      wc.close();
    }
  }

  private static void refused(ApiClient.Answer a, int status, String message) {
    assertThat(a.status()).as(a.text()).isEqualTo(status);
    Schemas.assertValid("error.json", a.text());
    assertThat(a.object()).containsEntry("status", (double) status);
    assertThat((String) a.object().get("error")).contains(message);
  }

  @Test
  void anUnknownJobIdIs404() throws Exception {
    for (String path : List.of("api/jobs/nope", "api/jobs/nope/checkpoints", "api/jobs/nope/subtasks")) {
      refused(api.get(path), 404, "no job with id 'nope'");
    }
    refused(api.post("api/jobs/nope/checkpoints", ""), 404, "no job with id 'nope'");
    refused(api.post("api/jobs/nope/cancel", "{}"), 404, "no job with id 'nope'");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    refused(api.post("api/jobs/" + wc.id() + "/savepoints", "{\"targetDirectory\": "), 400,
        "malformed JSON at offset");
    refused(api.post("api/jobs/" + wc.id() + "/stop", "[true]"), 400, "must be a JSON object");
    refused(api.post("api/jobs/" + wc.id() + "/stop", "{\"savepoint\": \"yes\"}"), 400,
        "'savepoint' must be true or false");
    refused(api.post("api/jobs/" + wc.id() + "/cancel", "{\"force\": true}"), 400,
        "unknown field 'force'");
    refused(api.post("api/jobs/" + wc.id() + "/checkpoints", "{} {}"), 400,
        "unexpected text after the value");
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    refused(api.get("api/nothing"), 404, "no such API path");
    refused(api.get("api/jobs/" + wc.id() + "/cancel"), 405, "is an action: POST it");
    refused(api.post("api/jobs/" + wc.id() + "/explode", ""), 404, "no such API path");
  }

  @Test
  void anActionFromAPageOfAnotherOriginIs403() throws Exception {
    refused(api.post("api/jobs/" + wc.id() + "/cancel", "", "Origin", "http://example.org"), 403,
        "another origin");
  }
}
