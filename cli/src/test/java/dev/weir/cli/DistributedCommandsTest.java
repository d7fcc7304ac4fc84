package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.examples.wordcount.WordCount;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.Worker;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.io.TempDir;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code weir submit}, {@code weir jobs} and the argument checks of {@code weir worker} and
 * {@code weir cluster start}, against a real broker and a worker (in this JVM; the runner's own
 * tests kill worker processes).
 */
class DistributedCommandsTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  private static CliRun weir(Object... args) {
    return CliRun.weirCapturingSystemOut(args);
  }

  @Test
  void submitRunsTheWordCountOnTheClusterAndJobsListShowsItDone() {
    long lines = 3_000;
    assertThat(new CommandLine(new KafkaCommand()).execute("produce", "--bootstrap",
        KAFKA.bootstrapServers(), "--topic", "lines", "--lines", Long.toString(lines))).isZero();
    Map<String, Long> expected = new HashMap<>();
    GeneratedLines g = new GeneratedLines(lines, 12);
    for (long i = 0; i < lines; i++) {
      WordCount.words(g.line(i)).forEach(w -> expected.merge(w, 1L, Long::sum));
    }
    try (Worker worker = Worker.builder(KAFKA.bootstrapServers()).cluster("cli").name("w1")
        .start()) {
      CliRun submit = weir("submit", "--bootstrap", KAFKA.bootstrapServers(), "--cluster", "cli",
          "--job", "dev.weir.examples.wordcount.KafkaWordCountJob", "--parallelism", "2",
          "--checkpoint-interval", "200", "--wait", "--", KAFKA.bootstrapServers(), "lines",
          "counts");
      assertThat(submit.code()).as(submit.err()).isZero();
      String jobId = submit.out().strip();
      assertThat(jobId).startsWith("KafkaWordCountJob-");
      assertThat(submit.err()).contains("ended DONE");
      CliRun list = weir("jobs", "list", "--bootstrap", KAFKA.bootstrapServers(), "--cluster", "cli");
      assertThat(list.code()).isZero();
      assertThat(list.out()).contains(jobId).contains("DONE");
      CliRun status = weir("jobs", "status", jobId, "--bootstrap", KAFKA.bootstrapServers(),
          "--cluster", "cli");
      assertThat(status.code()).as(status.err()).isZero();
      assertThat(status.out()).contains("job " + jobId + ": DONE").contains("coordinator")
          .contains("w1").contains("duration_ms");
      CliRun json = weir("jobs", "status", jobId, "--json", "--bootstrap",
          KAFKA.bootstrapServers(), "--cluster", "cli");
      assertThat(json.out()).startsWith("{\"job\":\"" + jobId + "\",\"state\":\"DONE\"")
          .contains("\"checkpoints\":[{\"id\":");
    }
    assertThat(KafkaCommand.latestCounts(KAFKA.bootstrapServers(), "counts", Map.of()))
        .isEqualTo(expected);
  }

  @Test
  void submitWithAJarStoresItAndTheWorkerRunsTheJobFromIt(@TempDir Path tmp) throws Exception {
    long lines = 1_000;
    assertThat(new CommandLine(new KafkaCommand()).execute("produce", "--bootstrap",
        KAFKA.bootstrapServers(), "--topic", "jar-lines", "--lines", Long.toString(lines)))
        .isZero();
    Map<String, Long> expected = new HashMap<>();
    GeneratedLines g = new GeneratedLines(lines, 12);
    for (long i = 0; i < lines; i++) {
      WordCount.words(g.line(i)).forEach(w -> expected.merge(w, 1L, Long::sum));
    }
    // The job's class in a jar (Weir's own classes load parent-first, so this checks the
    // command's plumbing; the runner's JarSubmissionTest runs classes only a jar has).
    String job = "dev.weir.examples.wordcount.KafkaWordCountJob";
    Path jar = tmp.resolve("wordcount-app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        InputStream in = getClass().getResourceAsStream("/" + job.replace('.', '/') + ".class")) {
      out.putNextEntry(new JarEntry(job.replace('.', '/') + ".class"));
      in.transferTo(out);
      out.closeEntry();
    }
    try (Worker worker = Worker.builder(KAFKA.bootstrapServers()).cluster("cli-jar").name("w1")
        .workDir(tmp.resolve("worker")).start()) {
      CliRun submit = weir("submit", "--bootstrap", KAFKA.bootstrapServers(), "--cluster",
          "cli-jar", "--jar", jar.toString(), "--class", job, "--parallelism", "2",
          "--checkpoint-interval", "200", "--wait", "--", KAFKA.bootstrapServers(), "jar-lines",
          "jar-counts");
      assertThat(submit.code()).as(submit.err()).isZero();
      assertThat(submit.out().strip()).startsWith("KafkaWordCountJob-");
      assertThat(submit.err()).contains("ended DONE");
    }
    assertThat(KafkaCommand.latestCounts(KAFKA.bootstrapServers(), "jar-counts", Map.of()))
        .isEqualTo(expected);
  }

  @Test
  void aSavepointCheckpointOrStopOfAnUnknownJobFailsAtOnceNamingIt() {
    CliRun savepoint = weir("jobs", "savepoint", "no-such-job", "--dir", "/tmp/x", "--bootstrap",
        KAFKA.bootstrapServers(), "--cluster", "cli");
    assertThat(savepoint.code()).isEqualTo(1);
    assertThat(savepoint.err()).contains("no job 'no-such-job' in cluster 'cli'");
    CliRun checkpoint = weir("jobs", "checkpoint", "no-such-job", "--bootstrap",
        KAFKA.bootstrapServers(), "--cluster", "cli");
    assertThat(checkpoint.code()).isEqualTo(1);
    assertThat(checkpoint.err()).contains("no job 'no-such-job'");
    CliRun stop = weir("jobs", "stop", "no-such-job", "--savepoint-dir", "/tmp/x", "--bootstrap",
        KAFKA.bootstrapServers(), "--cluster", "cli");
    assertThat(stop.code()).isEqualTo(1);
    assertThat(stop.err()).contains("no job 'no-such-job' in cluster 'cli'");
  }

  @Test
  void jobsListOfAnEmptyClusterSaysSo() {
    CliRun list = weir("jobs", "list", "--bootstrap", KAFKA.bootstrapServers(), "--cluster", "empty");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("no jobs in cluster 'empty'");
  }

  @Test
  void badArgumentsAreUsageErrorsNamingTheOption() {
    CliRun noJob = weir("submit", "--bootstrap", KAFKA.bootstrapServers());
    assertThat(noJob.code()).isEqualTo(2);
    assertThat(noJob.err()).contains("--class"); // or its other name, --job
    CliRun parallelism = weir("submit", "--bootstrap", KAFKA.bootstrapServers(), "--job",
        "dev.weir.examples.wordcount.KafkaWordCountJob", "--parallelism", "0");
    assertThat(parallelism.code()).isEqualTo(2);
    assertThat(parallelism.err()).contains("--parallelism must be at least 1");
    CliRun workers = weir("cluster", "start", "--workers", "0");
    assertThat(workers.code()).isEqualTo(2);
    assertThat(workers.err()).contains("--workers must be at least 1");
    CliRun noJar = weir("submit", "--bootstrap", KAFKA.bootstrapServers(), "--jar",
        "/no/such/app.jar", "--class", "com.acme.Job");
    assertThat(noJar.code()).isEqualTo(2);
    assertThat(noJar.err()).contains("--jar: no such file: /no/such/app.jar");
    CliRun replaceWithoutJar = weir("submit", "--bootstrap", KAFKA.bootstrapServers(),
        "--replace-jar", "--class", "com.acme.Job");
    assertThat(replaceWithoutJar.code()).isEqualTo(2);
    assertThat(replaceWithoutJar.err()).contains("--replace-jar needs --jar");
    CliRun renameWithoutSavepoint = weir("submit", "--bootstrap", KAFKA.bootstrapServers(),
        "--rename-step", "count=wordCount", "--class", "com.acme.Job");
    assertThat(renameWithoutSavepoint.code()).isEqualTo(2);
    assertThat(renameWithoutSavepoint.err()).contains("--rename-step needs --from-savepoint");
    CliRun noBootstrap = weir("worker");
    assertThat(noBootstrap.code()).isEqualTo(2);
    assertThat(noBootstrap.err()).contains("--bootstrap");
  }
}
