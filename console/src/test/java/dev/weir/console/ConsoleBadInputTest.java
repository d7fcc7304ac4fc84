package dev.weir.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.console.internal.JsonWriter;
import dev.weir.sdk.PipelineResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests to the console of a running word count: each is answered with its status and a
 * JSON error body (valid against error.json), and none changes the job. After each request the
 * job is in the same state, has taken no checkpoint or savepoint but its periodic ones, has
 * written nothing to the savepoint directory the request named, and still counts the lines
 * pushed to it (it was neither stopped nor cancelled).
 */
class ConsoleBadInputTest {
  private static RunningWordCount wc;
  private static ApiClient api;
  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    wc = new RunningWordCount();
    api = new ApiClient(wc.uri());
    wc.push(100);
    long pushed = wc.wordsPushed();
    Await.until("the first lines counted", java.time.Duration.ofSeconds(30),
        () -> wc.wordsCounted() == pushed ? true : null);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    wc.close();
  }

  /** Sends {@code request}; asserts the refusal and that the job is unchanged by it. */
  private static void refused(String what, Callable<ApiClient.Answer> request, int status,
      String message) throws Exception {
    RunningWordCount.Fingerprint before = wc.fingerprint();
    assertThat(before.state()).isEqualTo(PipelineResult.State.RUNNING);
    ApiClient.Answer a = request.call();
    assertThat(a.status()).as("%s answered %s", what, a.text()).isEqualTo(status);
    Schemas.assertValid("error.json", a.text());
    assertThat(a.object()).containsEntry("status", (double) status);
    assertThat((String) a.object().get("error")).contains(message);
    wc.assertUnchangedSince(before, what);
    assertThat(api.get("api/jobs/" + wc.id() + "/checkpoints").object().get("savepoints"))
        .as("savepoints the console lists after %s", what).isEqualTo(List.of());
    assertThat(savepointDir()).as("the savepoint directory named in %s", what).doesNotExist();
  }

  private static Path savepointDir() {
    return tmp.resolve("savepoints");
  }

  private static String dirField() {
    return "\"targetDirectory\": " + JsonWriter.write(savepointDir().toString());
  }

  @Test
  void anUnknownJobIdIs404() throws Exception {
    for (String path : List.of("api/jobs/nope", "api/jobs/nope/checkpoints", "api/jobs/nope/subtasks")) {
      refused("GET " + path, () -> api.get(path), 404, "no job with id 'nope'");
    }
    for (String action : List.of("checkpoints", "stop", "cancel")) {
      refused("POST " + action + " of job nope", () -> api.post("api/jobs/nope/" + action, ""), 404,
          "no job with id 'nope'");
    }
    refused("POST savepoints of job nope",
        () -> api.post("api/jobs/nope/savepoints", "{" + dirField() + "}"), 404, "no job with id 'nope'");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    String job = "api/jobs/" + wc.id();
    refused("a savepoint with truncated JSON",
        () -> api.post(job + "/savepoints", "{" + dirField() + ", "), 400, "malformed JSON at offset");
    refused("a stop with an array body", () -> api.post(job + "/stop", "[true]"), 400,
        "must be a JSON object");
    refused("a stop with a string for a boolean",
        () -> api.post(job + "/stop", "{\"savepoint\": \"yes\"}"), 400, "'savepoint' must be true or false");
    refused("a stop with savepoint and an unknown field",
        () -> api.post(job + "/stop", "{\"savepoint\": true, " + dirField() + ", \"now\": 1}"), 400,
        "unknown field 'now'");
    refused("a cancel with an unknown field", () -> api.post(job + "/cancel", "{\"force\": true}"), 400,
        "unknown field 'force'");
    refused("a checkpoint with two values", () -> api.post(job + "/checkpoints", "{} {}"), 400,
        "unexpected text after the value");
    refused("a savepoint with an empty directory",
        () -> api.post(job + "/savepoints", "{\"targetDirectory\": \"\"}"), 400,
        "'targetDirectory' must be a non-empty string");
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    refused("GET api/nothing", () -> api.get("api/nothing"), 404, "no such API path");
    refused("GET of an action", () -> api.get("api/jobs/" + wc.id() + "/cancel"), 405,
        "is an action: POST it");
    refused("POST of an unknown action", () -> api.post("api/jobs/" + wc.id() + "/explode", ""), 404,
        "no such API path");
  }

  @Test
  void anActionFromAPageOfAnotherOriginIs403() throws Exception {
    refused("a cancel from another origin",
        () -> api.post("api/jobs/" + wc.id() + "/cancel", "", "Origin", "http://example.org"), 403,
        "another origin");
    refused("a savepoint from another origin", () -> api.post("api/jobs/" + wc.id() + "/savepoints",
        "{" + dirField() + "}", "Origin", "http://example.org"), 403, "another origin");
    assertThat(Files.exists(savepointDir())).isFalse();
  }
}
