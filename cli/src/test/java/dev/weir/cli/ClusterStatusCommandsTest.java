package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.DistributedJob;
import dev.weir.runner.distributed.DistributedRunner;
import dev.weir.runner.distributed.Worker;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.testing.WeirTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code weir jobs status} and {@code weir console --bootstrap} on a running distributed job
 * (two workers in this JVM, the embedded broker): a job whose last step is slow, so its source
 * is backpressured. The console's actions end with a cancel, so the status test runs first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterStatusCommandsTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  private static final String CLUSTER = "st";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Worker w1;
  private static Worker w2;
  private static DistributedRunner runner;
  private static DistributedJob job;

  @BeforeAll
  static void aRunningJob() {
    w1 = Worker.builder(KAFKA.clientProperties()).cluster(CLUSTER).name("w1")
        .sessionTimeoutMs(2000).start();
    w2 = Worker.builder(KAFKA.clientProperties()).cluster(CLUSTER).name("w2")
        .sessionTimeoutMs(2000).start();
    runner = DistributedRunner.connect(KAFKA.clientProperties(), CLUSTER);
    job = runner.submit(SlowStepJob.class, PipelineOptions.defaults().withJobName("slow")
        .withParallelism(2).withCheckpointInterval(Duration.ofSeconds(1)), List.of());
    WeirTest.await("the job's steps report records, rates and backpressure", () -> {
      JobMetrics m = job.metrics();
      return m.steps().keySet().containsAll(List.of("numbers", "stamped", "slow"))
          && m.step("numbers").backpressureRatio() > 0.5
          && m.step("slow").recordsInPerSecond() > 0
          && m.step("slow").watermark() > Long.MIN_VALUE
          && job.latestCheckpointId() > 0;
    }, WAIT);
  }

  @AfterAll
  static void close() {
    if (job != null && !job.state().isTerminal()) {
      job.cancel();
    }
    runner.close();
    w2.close();
    w1.close();
  }

  private static CliRun weir(Object... args) {
    return CliRun.weirCapturingSystemOut(args);
  }

  /** The cells of the line of {@code out} that starts with {@code first}. */
  private static List<String> row(String out, String first) {
    return out.lines().map(String::strip).filter(l -> l.startsWith(first + " "))
        .map(l -> Arrays.asList(l.split("\\s+"))).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with '" + first + "' in:\n" + out));
  }

  @Test
  @Order(1)
  void jobsStatusShowsEachStepWithItsRatesWatermarkAndBackpressureAndEachSubtasksWorker()
      throws Exception {
    CliRun status = weir("jobs", "status", job.jobName(), "--bootstrap", KAFKA.bootstrapServers(),
        "--cluster", CLUSTER);
    assertThat(status.code()).as(status.err()).isZero();
    System.out.println("weir jobs status output:\n" + status.out());
    String out = status.out();
    assertThat(out).contains("job " + job.jobName() + ": RUNNING")
        .contains("step     subtasks  records_in  records_out  in/s")
        .contains("watermark").contains("backpressure").contains("duration_ms");
    // step, subtasks, records_in, records_out, in/s, out/s, watermark, backpressure
    List<String> numbers = row(out, "numbers");
    assertThat(numbers.get(1)).isEqualTo("1");
    assertThat(Long.parseLong(numbers.get(3))).isPositive();
    assertThat(Double.parseDouble(numbers.get(5))).isPositive();
    assertThat(numbers.get(6)).isEqualTo("-"); // a source step has no input watermark
    assertThat(percent(numbers.get(7))).isGreaterThan(50);
    List<String> slow = row(out, "slow");
    assertThat(slow.get(1)).isEqualTo("2");
    assertThat(Long.parseLong(slow.get(2))).isPositive();
    assertThat(slow.get(6)).startsWith("1970-01-01T").endsWith("Z"); // event times are the numbers
    assertThat(percent(slow.get(7))).isLessThan(5);
    Map<String, String> placement = job.placement();
    for (String task : List.of("numbers#0", "slow#0", "slow#1")) {
      assertThat(row(out, task)).startsWith(task, placement.get(task), "RUNNING");
    }
    assertThat(row(out, "coordinator").get(1)).isEqualTo(placement.get("coordinator"));

    CliRun json = weir("jobs", "status", job.jobName(), "--json", "--bootstrap",
        KAFKA.bootstrapServers(), "--cluster", CLUSTER);
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode root = JSON.readTree(json.out());
    assertThat(root.get("state").asString()).isEqualTo("RUNNING");
    List<String> names = new ArrayList<>();
    root.get("steps").forEach(s -> names.add(s.get("step").asString()));
    assertThat(names).containsExactly("numbers", "stamped", "slow");
    JsonNode jsonSlow = root.get("steps").get(2);
    assertThat(jsonSlow.get("subtasks").asInt()).isEqualTo(2);
    assertThat(jsonSlow.get("recordsIn").asLong()).isPositive();
    assertThat(jsonSlow.get("recordsInPerSecond").asDouble()).isPositive();
    assertThat(jsonSlow.get("watermark").asString()).startsWith("1970-01-01T");
    assertThat(root.get("steps").get(0).get("watermark").isNull()).isTrue();
    assertThat(root.get("steps").get(0).get("backpressureRatio").asDouble()).isGreaterThan(0.5);
    assertThat(root.get("subtasks")).hasSize(3);
    root.get("subtasks").forEach(s -> assertThat(s.get("worker").asString())
        .isEqualTo(placement.get(s.get("task").asString() + "#" + s.get("subtask").asInt())));
    assertThat(root.get("checkpoints").size()).isPositive();
  }

  private static int percent(String cell) {
    assertThat(cell).endsWith("%");
    return Integer.parseInt(cell.substring(0, cell.length() - 1));
  }

  /** Runs {@code weir console ...args} on a thread of its own; returns its address. */
  private static URI startConsole(Thread[] thread, StringWriter out, String... args) {
    thread[0] = new Thread(() -> {
      CommandLine cli = WeirCli.commandLine(new WeirCli());
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(out, true));
      List<String> all = new ArrayList<>(List.of("console", "--bootstrap",
          KAFKA.bootstrapServers(), "--cluster", CLUSTER, "--port", "0"));
      all.addAll(List.of(args));
      cli.execute(all.toArray(String[]::new));
    }, "weir-console-under-test");
    thread[0].start();
    Pattern serving = Pattern.compile("serving (http://\\S+/)");
    WeirTest.await("weir console prints its address", () ->
        serving.matcher(out.toString()).find(), WAIT);
    Matcher m = serving.matcher(out.toString());
    assertThat(m.find()).isTrue();
    return URI.create(m.group(1));
  }

  private static void stopConsole(Thread thread) throws InterruptedException {
    thread.interrupt();
    thread.join(30_000);
    assertThat(thread.isAlive()).as("weir console ends when interrupted").isFalse();
  }

  @Test
  @Order(2)
  void weirConsoleWithATokenRefusesActionsWithoutIt() throws Exception {
    Thread[] console = new Thread[1];
    StringWriter out = new StringWriter();
    URI uri = startConsole(console, out, "--token", "s3cret");
    try {
      assertThat(out.toString()).contains("actions need --token").doesNotContain("s3cret");
      HttpClient http = HttpClient.newHttpClient();
      URI checkpoint = uri.resolve("api/jobs/" + job.jobName() + "/checkpoints");
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(checkpoint)
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      HttpResponse<String> taken = http.send(HttpRequest.newBuilder(checkpoint)
          .header("X-Weir-Token", "s3cret").timeout(Duration.ofSeconds(150))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
      assertThat(JSON.readTree(taken.body()).get("checkpointId").asLong())
          .isGreaterThan(0);
      // Reading needs no token.
      assertThat(http.send(HttpRequest.newBuilder(uri.resolve("api/jobs")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    } finally {
      stopConsole(console[0]);
    }
    CliRun blank = weir("console", "--bootstrap", KAFKA.bootstrapServers(), "--token", " ");
    assertThat(blank.code()).isEqualTo(2);
    assertThat(blank.err()).contains("--token is blank");
  }

  @Test
  @Order(3)
  void weirConsoleServesTheClustersJobsAndActsOnThem(@TempDir Path tmp) throws Exception {
    StringWriter consoleOut = new StringWriter();
    Thread[] console = new Thread[1];
    URI uri = startConsole(console, consoleOut, "--savepoint-dir",
        tmp.resolve("default").toString());
    try {
      assertThat(consoleOut.toString()).contains("cluster '" + CLUSTER + "'");
      Api api = new Api(uri);
      String id = job.jobName();

      Api.Answer jobs = api.get("api/jobs");
      assertThat(jobs.status()).isEqualTo(200);
      ConsoleSchemas.assertValid("jobs.json", jobs.text());
      assertThat(jobs.text()).contains("\"id\":\"" + id + "\"").contains("\"runner\":\"distributed\"");

      Api.Answer detail = api.get("api/jobs/" + id);
      assertThat(detail.status()).as(detail.text()).isEqualTo(200);
      ConsoleSchemas.assertValid("job.json", detail.text());
      Map<String, JsonNode> steps = new java.util.LinkedHashMap<>();
      detail.json().get("steps").forEach(s -> steps.put(s.get("name").asString(), s));
      assertThat(steps).containsOnlyKeys("numbers", "stamped", "slow");
      assertThat(steps.get("slow").get("recordsIn").asLong()).isPositive();
      assertThat(steps.get("numbers").get("recordsOut").asLong()).isPositive();
      assertThat(steps.get("numbers").get("backpressureRatio").asDouble()).isGreaterThan(0.5);
      assertThat(steps.get("slow").get("watermark").asLong()).isNotNegative();

      Api.Answer subtasks = api.get("api/jobs/" + id + "/subtasks");
      assertThat(subtasks.status()).isEqualTo(200);
      ConsoleSchemas.assertValid("subtasks.json", subtasks.text());
      Map<String, String> placement = job.placement();
      List<String> workers = new ArrayList<>();
      subtasks.json().findValues("worker").forEach(w -> workers.add(w.asString()));
      assertThat(workers).hasSize(3).containsOnly("w1", "w2")
          .containsExactlyElementsOf(List.of(placement.get("numbers#0"), placement.get("slow#0"),
              placement.get("slow#1")));

      Api.Answer cps = api.get("api/jobs/" + id + "/checkpoints");
      assertThat(cps.status()).isEqualTo(200);
      ConsoleSchemas.assertValid("checkpoints.json", cps.text());
      List<Long> shown = new ArrayList<>();
      cps.json().get("history").forEach(h -> shown.add(h.get("id").asLong()));
      List<Long> real = job.checkpoints().stream().map(CheckpointMetrics::checkpointId).toList();
      assertThat(shown).isNotEmpty().isSubsetOf(real).contains(real.get(0));

      Path dir = tmp.resolve("savepoints");
      Api.Answer sp = api.post("api/jobs/" + id + "/savepoints",
          "{\"targetDirectory\": " + Json.string(dir.toString()) + "}");
      assertThat(sp.status()).as(sp.text()).isEqualTo(200);
      ConsoleSchemas.assertValid("action.json", sp.text());
      Path written = Path.of(sp.json().get("savepointPath").asString());
      assertThat(written.getParent()).isEqualTo(dir);
      assertThat(Files.isDirectory(written)).isTrue();
      long spId = sp.json().get("checkpointId").asLong();
      Api.Answer after = api.get("api/jobs/" + id + "/checkpoints");
      ConsoleSchemas.assertValid("checkpoints.json", after.text());
      assertThat(after.text()).contains(Json.string(written.toString()));
      List<JsonNode> marked = new ArrayList<>();
      after.json().get("history").forEach(h -> {
        if (h.get("id").asLong() == spId) {
          marked.add(h);
        }
      });
      assertThat(marked).as(after.text()).singleElement().satisfies(h ->
          assertThat(h.get("savepoint").asBoolean()).as(after.text()).isTrue());

      assertThat(api.get("api/jobs/no-such-job").status()).isEqualTo(404);
      assertThat(api.get("api/jobs/no-such-job/subtasks").status()).isEqualTo(404);
      assertThat(api.post("api/jobs/no-such-job/checkpoints", "{}").status()).isEqualTo(404);

      Api.Answer cancel = api.post("api/jobs/" + id + "/cancel", "{}");
      assertThat(cancel.status()).as(cancel.text()).isEqualTo(200);
      assertThat(job.state()).isEqualTo(PipelineResult.State.CANCELLED);
      Api.Answer late = api.post("api/jobs/" + id + "/checkpoints", "{}");
      assertThat(late.status()).as(late.text()).isEqualTo(409);
      ConsoleSchemas.assertValid("error.json", late.text());
    } finally {
      stopConsole(console[0]);
    }
  }

  /** The test's HTTP client of the console. */
  private record Api(URI base) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, String text, JsonNode json) {
    }

    Answer get(String path) throws Exception {
      return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Answer post(String path, String body) throws Exception {
      return send(HttpRequest.newBuilder(base.resolve(path))
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .header("Content-Type", "application/json"));
    }

    private Answer send(HttpRequest.Builder b) throws Exception {
      HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(150)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), JSON.readTree(r.body()));
    }
  }
}
