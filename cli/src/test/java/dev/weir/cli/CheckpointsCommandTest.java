package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.checkpoint.CheckpointConfig;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code weir checkpoints ...} against checkpoints written by real jobs on the local runner
 * into a Chronicle Queue store.
 */
class CheckpointsCommandTest {

  private static final String[] WORDS =
      {"apple", "banana", "apple", "cherry", "apple", "banana", "zebra"};
  private static final Map<String, Long> COUNTS =
      Map.of("apple", 3L, "banana", 2L, "cherry", 1L, "zebra", 1L);

  @TempDir
  Path dir;

  @TempDir
  Path out;

  /** What one CLI invocation printed and returned. */
  record Run(int code, String out, String err) {
  }

  private static Run weir(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new WeirCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(Stream.of(args).map(String::valueOf).toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * Counts {@code words} in job {@code job}, writing full snapshots only: a checkpoint once
   * the words are pushed, then the final checkpoint when the input ends.
   *
   * <p>The input ends only after a first checkpoint completed. On this branch's base the
   * local runner starts the tasks before its checkpoint coordinator, and a job whose input
   * ends in between never takes its final checkpoint (about one run in fifteen here); waiting
   * for a checkpoint keeps these tests independent of that race.
   */
  private void wordCount(String job, String... words) throws IOException {
    PushSource<String> source = PushSource.create(Types.STRING);
    source.push(words);
    run(job, source, Map.of(CheckpointConfig.MAX_DELTA_CHAIN_CONFIG, "0"), result -> {
      checkpointOnceRunning(result);
      source.finish();
    });
  }

  private void run(String job, PushSource<String> source, Map<String, String> settings,
      Consumer<PipelineResult> whileRunning) throws IOException {
    PipelineOptions options = PipelineOptions.defaults().withJobName(job).withParallelism(2);
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      options = options.withSetting(setting.getKey(), setting.getValue());
    }
    Pipeline p = Pipeline.create(options);
    p.read("words", source)
        .keyBy("byWord", w -> w, Types.STRING)
        .count("count")
        .write("out", CollectingSink.create());
    try (var store = ChronicleQueueCheckpointStore.open(dir)) {
      PipelineResult result = LocalRunner.builder().checkpointStore(store).build().run(p);
      whileRunning.accept(result);
      assertThat(result.waitUntilFinish(Duration.ofSeconds(60)))
          .isEqualTo(PipelineResult.State.DONE);
    }
  }

  /** Takes a checkpoint, trying again until the job's checkpoint coordinator runs. */
  private static void checkpointOnceRunning(PipelineResult result) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        result.triggerCheckpoint().get(30, TimeUnit.SECONDS);
        return;
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no checkpoint completed in 30 s", e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private CheckpointManifest last(String job) throws IOException {
    List<CheckpointManifest> all = checkpoints(job);
    return all.get(all.size() - 1);
  }

  private List<CheckpointManifest> checkpoints(String job) throws IOException {
    try (var store = ChronicleQueueCheckpointStore.open(dir)) {
      return store.listCheckpoints(job);
    }
  }

  private static Map<String, Long> counts(Path avro) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(avro.toFile(), new GenericDatumReader<>())) {
      for (GenericRecord r : reader) {
        if (r.getSchema().getName().equals("state_count")) {
          Long previous = counts.put(r.get("key").toString(), (Long) r.get("value"));
          assertThat(previous).as("a second entry for %s", r.get("key")).isNull();
        }
      }
    }
    return counts;
  }

  @Test
  void listShowsTheFinalCheckpoint() throws IOException {
    wordCount("wc", WORDS);
    CheckpointManifest last = last("wc");

    Run text = weir("checkpoints", "list", dir);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out().lines().findFirst().orElseThrow())
        .startsWith("JOB  ID  TIME").contains("TOTAL_BYTES", "KIND", "SAVEPOINT", "STEPS");
    assertThat(text.out()).containsPattern("wc +" + last.checkpointId() + "  "
        + "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z  yes +" + last.totalBytes() + " +\\d+ +0  full +no +3");

    Run json = weir("checkpoints", "list", dir, "--job", "wc", "--json");
    assertThat(json.code()).isZero();
    assertThat(json.out().lines().toList()).last().asString()
        .startsWith("{\"job\":\"wc\",\"id\":" + last.checkpointId() + ",\"time\":\"")
        .contains("\"complete\":true", "\"totalBytes\":" + last.totalBytes(),
            "\"deltaBytes\":0", "\"kind\":\"full\"", "\"savepoint\":false", "\"steps\":3}");
  }

  @Test
  void showPrintsTheManifestAsJson() throws IOException {
    wordCount("wc", WORDS);
    long id = checkpoints("wc").get(0).checkpointId();

    Run show = weir("checkpoints", "show", dir, id);

    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).startsWith("{").contains("\"jobId\" : \"wc\"",
        "\"checkpointId\" : " + id, "\"stepName\" : \"count\"", "\"stepName\" : \"words\"",
        "\"stepName\" : \"out\"", "\"kind\" : \"sink-commit\"");
  }

  @Test
  void exportWritesOneLiveEntryPerKey() throws IOException {
    wordCount("wc", WORDS);
    long id = last("wc").checkpointId();
    Path file = out.resolve("count.avro");

    Run export = weir("checkpoints", "export", dir, id, "count", file);

    assertThat(export.code()).as(export.err()).isZero();
    assertThat(counts(file)).isEqualTo(COUNTS);
    assertThat(export.out()).contains("wrote 4 live entries to " + file,
        "keyed state of step 'count' of checkpoint " + id + " of job 'wc'", "2 key-group ranges");
    assertThat(export.out()).containsPattern("count +4").containsPattern("__timers +0");
    assertThat(out.resolve("count.avro.partial")).doesNotExist();
  }

  @Test
  void exportMergesDeltasOfIncrementalCheckpoints() throws Exception {
    PushSource<String> source = PushSource.create(Types.STRING);
    run("wc", source, Map.of(), result -> {
      try {
        source.push("apple", "banana", "apple");
        awaitCounted(result, 3);
        checkpointOnceRunning(result);
        source.push("apple", "cherry", "banana", "zebra");
        awaitCounted(result, 7);
        result.triggerCheckpoint().get(30, TimeUnit.SECONDS);
        source.finish();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    List<CheckpointManifest> checkpoints = checkpoints("wc");
    CheckpointManifest first = checkpoints.get(0);
    CheckpointManifest last = checkpoints.get(checkpoints.size() - 1);
    assertThat(last.deltaBytes()).as("the last checkpoint is incremental").isPositive();

    assertThat(weir("checkpoints", "list", dir).out()).contains("incremental");
    Run export = weir("checkpoints", "export", dir, last.checkpointId(), "count",
        out.resolve("last.avro"));
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(counts(out.resolve("last.avro"))).isEqualTo(COUNTS);
    assertThat(weir("checkpoints", "export", dir, first.checkpointId(), "count",
        out.resolve("first.avro")).code()).isZero();
    assertThat(counts(out.resolve("first.avro"))).isEqualTo(Map.of("apple", 2L, "banana", 1L));
  }

  private static void awaitCounted(PipelineResult result, long records)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (result.metrics().step("count").recordsIn() < records) {
      assertThat(System.nanoTime()).as("count received %d records", records).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void exportWritesOperatorStateOfStepsWithoutKeyedState() throws IOException {
    wordCount("wc", WORDS);
    long id = checkpoints("wc").get(0).checkpointId();
    Path file = out.resolve("out.avro");

    Run export = weir("checkpoints", "export", dir, id, "out", file);

    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).contains("operator state of step 'out'", "sink-commit subtask 0");
    try (DataFileReader<Object> reader =
        new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
      assertThat(reader.getSchema().getType()).isEqualTo(org.apache.avro.Schema.Type.STRING);
      assertThat(reader.getMetaString("weir.step")).isEqualTo("out");
    }

    Run wrongKind = weir("checkpoints", "export", dir, id, "count", file, "--kind",
        "source-position");
    assertThat(wrongKind.code()).isEqualTo(2);
    assertThat(wrongKind.err()).contains("step 'count'", "no 'source-position' state",
        "it has: keyed");
  }

  @Test
  void verifyPassesThenReportsAFlippedByte() throws IOException {
    wordCount("wc", WORDS);

    Run ok = weir("checkpoints", "verify", dir);
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("of job 'wc': OK (6 blobs", "verified 2 checkpoints of 1 job: "
        + "2 OK, 0 CORRUPT");

    flipByteOf("zebra".getBytes(StandardCharsets.UTF_8), dir.resolve("wc"));

    Run corrupt = weir("checkpoints", "verify", dir, "--job", "wc");
    assertThat(corrupt.code()).isEqualTo(3);
    assertThat(corrupt.out()).contains("of job 'wc': CORRUPT (1 of 6 blobs)", "CRC32C is",
        "1 OK, 1 CORRUPT");
  }

  @Test
  void verifyReportsAGarbageQueueFileByNameAndGoesOnWithTheOtherJobs() throws IOException {
    wordCount("wc", WORDS);
    wordCount("other", WORDS);
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    Path garbage = Files.write(dir.resolve("wc").resolve("20991231-2359.cq4"), junk);

    Run verify = weir("checkpoints", "verify", dir);
    assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(3);
    assertThat(verify.err()).isEmpty();
    assertThat(verify.out()).contains("job 'wc': CORRUPT: " + garbage.toAbsolutePath()
            + " is not a Chronicle Queue file (its first bytes are ",
        "move 20991231-2359.cq4 out of " + dir.resolve("wc").toAbsolutePath(),
        "of job 'other': OK", "verified 2 checkpoints of 2 jobs: 2 OK, 0 CORRUPT, 1 job unreadable");

    Run list = weir("checkpoints", "list", dir, "--job", "wc");
    assertThat(list.code()).isEqualTo(1);
    assertThat(list.err()).startsWith("weir checkpoints list: checkpoint store ")
        .contains(garbage.toAbsolutePath().toString(), "./weir checkpoints verify ");
  }

  /** Flips a bit in the first occurrence of {@code pattern} in the job's queue files. */
  private static void flipByteOf(byte[] pattern, Path jobDir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(jobDir)) {
      files = list.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
    }
    for (Path file : files) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
        int at = indexOf(map, pattern);
        if (at >= 0) {
          map.put(at, (byte) (map.get(at) ^ 0x01));
          map.force();
          return;
        }
      }
    }
    throw new AssertionError("no " + new String(pattern, StandardCharsets.UTF_8) + " in "
        + files);
  }

  private static int indexOf(ByteBuffer buffer, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= buffer.limit(); i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (buffer.get(i + j) != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void errorsNameTheMissingThingAndWhatExists() throws IOException {
    wordCount("wc", WORDS);
    long id = checkpoints("wc").get(0).checkpointId();
    String retained = checkpoints("wc").stream().map(m -> String.valueOf(m.checkpointId()))
        .collect(Collectors.joining(", "));

    Run noDir = weir("checkpoints", "list", dir.resolve("nope"));
    assertThat(noDir.code()).isEqualTo(2);
    assertThat(noDir.err().strip()).isEqualTo("weir checkpoints list: no checkpoint store at "
        + dir.resolve("nope") + ": the directory does not exist");
    assertThat(dir.resolve("nope")).doesNotExist();

    Run noJob = weir("checkpoints", "list", dir, "--job", "orders");
    assertThat(noJob.code()).isEqualTo(2);
    assertThat(noJob.err()).contains("no job 'orders' in checkpoint store " + dir,
        "jobs: 'wc'");

    Run noCheckpoint = weir("checkpoints", "show", dir, 99);
    assertThat(noCheckpoint.code()).isEqualTo(2);
    assertThat(noCheckpoint.err().strip()).isEqualTo(
        "weir checkpoints show: no checkpoint 99 for job 'wc'; retained: " + retained);

    Run noStep = weir("checkpoints", "export", dir, id, "sum", out.resolve("x.avro"));
    assertThat(noStep.code()).isEqualTo(2);
    assertThat(noStep.err()).contains("no step 'sum' in checkpoint " + id + " of job 'wc'; "
        + "steps: count, out, words");

    for (Run run : List.of(noDir, noJob, noCheckpoint, noStep)) {
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void showAsksForTheJobWhenTheStoreHoldsSeveral() throws IOException {
    wordCount("wc", WORDS);
    wordCount("orders", "x", "y");

    Run show = weir("checkpoints", "show", dir, 1);

    assertThat(show.code()).isEqualTo(2);
    assertThat(show.err()).contains("holds 2 jobs ('orders', 'wc'); pick one with --job");
    assertThat(weir("checkpoints", "show", dir, 1, "--job", "orders").out())
        .contains("\"jobId\" : \"orders\"");
    assertThat(weir("checkpoints", "list", dir).out()).contains("orders", "wc");
  }

  @Test
  void refusesAStoreInUse() throws IOException {
    wordCount("wc", WORDS);
    try (var running = ChronicleQueueCheckpointStore.open(dir)) {
      Run list = weir("checkpoints", "list", dir);

      assertThat(list.code()).isEqualTo(2);
      assertThat(list.err()).contains("checkpoint store " + dir + " is in use",
          "stop the job first");
    }
    assertThat(weir("checkpoints", "list", dir).code()).as("the CLI released its lock").isZero();
  }
}
