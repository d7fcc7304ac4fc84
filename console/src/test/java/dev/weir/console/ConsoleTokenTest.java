package dev.weir.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.console.internal.AccessGuard;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.CheckpointTrigger;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.TestSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console bound to every interface (0.0.0.0) wants its token for actions: without it, or
 * with a wrong one, 403 and the job unchanged; with it, the action runs. And no answer reveals
 * a client secret a job reports. Requests go to 127.0.0.1 only.
 */
class ConsoleTokenTest {

  @Test
  void actionsOffLoopbackNeedTheToken(@TempDir Path dir) throws Exception {
    try (RunningWordCount wc = new RunningWordCount()) {
      RegisteredJobs jobs = new RegisteredJobs(dir, "local");
      jobs.register(wc.job);
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream out = System.out;
      WeirConsole started;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        started = WeirConsole.start(jobs, "0.0.0.0", 0);
      } finally {
        System.setOut(out);
      }
      try (WeirConsole console = started) {
        assertThat(console.token()).isPresent();
        // Printed once, at start, with where it is needed.
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text.split(console.token().get(), -1)).as(text).hasSize(2);
        assertThat(text).contains("bound to 0.0.0.0").contains(AccessGuard.TOKEN_HEADER);
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + console.uri().getPort() + "/"));
        assertThat(api.get("api/config").object()).containsEntry("actionsNeedToken", true);
        assertThat(api.get("api/jobs/" + wc.id()).status()).isEqualTo(200); // reading is open

        wc.push(10);
        RunningWordCount.Fingerprint before = wc.fingerprint();
        ApiClient.Answer none = api.post("api/jobs/" + wc.id() + "/checkpoints", "");
        assertThat(none.status()).as(none.text()).isEqualTo(403);
        Schemas.assertValid("error.json", none.text());
        assertThat((String) none.object().get("error")).contains("need the token");
        wc.assertUnchangedSince(before, "a checkpoint without the token");
        for (String action : List.of("savepoints", "stop", "cancel")) {
          ApiClient.Answer wrong = api.post("api/jobs/" + wc.id() + "/" + action, "",
              AccessGuard.TOKEN_HEADER, "0123");
          assertThat(wrong.status()).as(wrong.text()).isEqualTo(403);
          Schemas.assertValid("error.json", wrong.text());
          assertThat((String) wrong.object().get("error")).contains("is not this console's");
          wc.assertUnchangedSince(before, "a " + action + " with a wrong token");
        }
        assertThat(wc.job.state()).isEqualTo(PipelineResult.State.RUNNING);
        assertThat(wc.job.checkpoints()).extracting(CheckpointMetrics::trigger)
            .containsOnly(CheckpointTrigger.INTERVAL);

        ApiClient.Answer ok = api.post("api/jobs/" + wc.id() + "/checkpoints", "",
            "Authorization", "Bearer " + console.token().get());
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        long id = (long) (double) (Double) ok.object().get("checkpointId");
        assertThat(wc.job.checkpoints()).anySatisfy(m -> assertThat(m.checkpointId()).isEqualTo(id));
      }
    }
  }

  @Test
  void noAnswerRevealsASaslPassword() throws Exception {
    String secret = "hunter2-" + System.nanoTime();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("leaky"));
    p.read("in", TestSource.of(Types.STRING, "x"))
        .<String>map("connect", (String s) -> {
          throw new IllegalStateException("cannot connect with sasl.jaas.config="
              + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
              + "password=\"" + secret + "\"; and ssl.truststore.password=" + secret
              + ", {\"sasl.password\": \"" + secret + "\"}");
        })
        .withCoder(Types.STRING)
        .write("out", CollectingSink.create());
    try (LocalRunner runner = LocalRunner.builder().console(0).build()) {
      PipelineResult job = runner.run(p);
      Await.until("the job to fail", Duration.ofSeconds(30),
          () -> job.state() == PipelineResult.State.FAILED ? true : null);
      ApiClient api = new ApiClient(runner.consoleUri().orElseThrow());
      ApiClient.Answer answer = api.get("api/jobs/" + job.runId());
      Schemas.assertValid("job.json", answer.text());
      assertThat(answer.text()).doesNotContain(secret).contains("sasl.jaas.config=******;")
          .contains("ssl.truststore.password=******")
          .contains("{\\\"sasl.password\\\": \\\"******\\\"}");
      assertThat(api.get("api/jobs").text()).doesNotContain(secret);
    }
  }
}
