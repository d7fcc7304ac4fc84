package dev.weir.runner.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.testing.CommittedReader;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.internal.ClusterTopics;
import dev.weir.runner.distributed.internal.jars.JarStore;
import dev.weir.runner.distributed.internal.protocol.JarChunk;
import dev.weir.runner.distributed.internal.protocol.JarHeader;
import dev.weir.runner.distributed.internal.protocol.ProtocolCodec;
import dev.weir.sdk.PipelineExecutionException;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jar submission on two worker processes that have no application classes on their class
 * path: two versions of one job's jar (same class names, built at test time) run side by side
 * on the same workers, each job writes exactly what its version must, and each job's jar is
 * unloaded (the worker's copy deleted) when the job ends; a stored jar whose bytes do not
 * match its SHA-256 is refused before any of its job runs, and storing it again mends it.
 */
class JarSubmissionTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  @TempDir
  Path tmp;

  private static WorkerProcess worker(String cluster, String name, Path dir) throws IOException {
    return WorkerProcess.start(WorkerMain.class.getName(), KAFKA.bootstrapServers(), cluster,
        name, 3000, List.of(), List.of("--work-dir", dir.toString()));
  }

  private static PipelineOptions options(String name) {
    return PipelineOptions.defaults().withJobName(name).withParallelism(2)
        .withCheckpointInterval(Duration.ofMillis(300));
  }

  @Test
  void twoVersionsOfOneJobsJarRunSideBySideOnTheSameWorkersAndAreUnloadedWhenTheyEnd()
      throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("versions", 16_000, 40);
    fx.produce(KAFKA.clientProperties());
    Path v1 = AppJars.versionedCount(tmp, 1);
    Path v2 = AppJars.versionedCount(tmp, 2);
    Path dirA = tmp.resolve("worker-a");
    Path dirB = tmp.resolve("worker-b");
    try (WorkerProcess a = worker("versions", "a", dirA);
        WorkerProcess b = worker("versions", "b", dirB);
        DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(),
            "versions")) {
      // Paced (about 1,000 records/s per source subtask): each job runs for several seconds.
      DistributedJob one = runner.submitJar(v1, AppJars.VERSIONED_COUNT, options("count-v1"),
          List.of(KAFKA.bootstrapServers(), fx.input, "versions-v1-out", "1000"));
      DistributedJob two = runner.submitJar(v2, AppJars.VERSIONED_COUNT, options("count-v2"),
          List.of(KAFKA.bootstrapServers(), fx.input, "versions-v2-out", "1000"));
      Conditions.await(() -> runsOnBoth(one) && runsOnBoth(two)
              && jarCopies(dirA).size() == 2 && jarCopies(dirB).size() == 2,
          Duration.ofSeconds(90), "both jobs to run on both workers at once, each worker "
              + "holding both jars");

      assertThat(one.waitUntilFinish(Duration.ofSeconds(120))).isEqualTo(PipelineResult.State.DONE);
      assertThat(two.waitUntilFinish(Duration.ofSeconds(120))).isEqualTo(PipelineResult.State.DONE);
      List<String> outOne = committed("versions-v1-out");
      List<String> outTwo = committed("versions-v2-out");
      assertThat(outOne).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(tagged(fx.expectedUpdates(), "v1:"));
      assertThat(outTwo).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(tagged(fx.expectedUpdates(), "v2:"));

      // Each job left both workers: its loader closed, and its jar's copy deleted.
      Conditions.await(() -> jarCopies(dirA).isEmpty() && jarCopies(dirB).isEmpty(),
          Duration.ofSeconds(30), "the workers to delete their copies of the jars");
      for (WorkerProcess w : List.of(a, b)) {
        String log = Files.readString(w.log());
        for (DistributedJob job : List.of(one, two)) {
          assertThat(log).as("log of worker %s", w.name())
              .contains("unloaded job '" + job.jobName() + "'");
        }
        for (DistributedJob job : List.of(one, two)) {
          assertThat(log.lines().filter(l -> l.contains("fetched jar ")
                  && l.contains(" for job '" + job.jobName() + "'")))
              .as("fetches of the jar of %s by %s", job.jobName(), w.name()).hasSize(1);
        }
      }
    }
  }

  @Test
  void aStoredJarWhoseBytesDoNotMatchItsSha256IsRefusedBeforeAnyOfTheJobRuns()
      throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("damaged", 2_000, 20);
    fx.produce(KAFKA.clientProperties());
    Path v1 = AppJars.versionedCount(tmp, 1);
    try (WorkerProcess a = worker("damaged", "a", tmp.resolve("worker-a"));
        WorkerProcess b = worker("damaged", "b", tmp.resolve("worker-b"));
        DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(),
            "damaged")) {
      String sha = runner.storeJar(v1, false);
      String damagedSha = damageStoredCopy(sha, v1);
      List<String> args = List.of(KAFKA.bootstrapServers(), fx.input, "damaged-out", "0");

      // The jar is stored already (same SHA-256 and size): the submitter does not store it again.
      DistributedJob job = runner.submitJar(v1, AppJars.VERSIONED_COUNT, options("count"), args);
      assertThatThrownBy(() -> job.waitUntilFinish(Duration.ofSeconds(60)))
          .isInstanceOf(PipelineExecutionException.class);
      assertThat(job.state()).isEqualTo(PipelineResult.State.FAILED);
      assertThat(job.failure().orElseThrow().getMessage())
          .contains("job '" + job.jobName() + "' refused: its jar count-app-1.0.jar")
          .contains("has SHA-256 " + damagedSha)
          .contains("but the job names SHA-256 " + sha)
          .contains("Nothing of the job ran")
          .contains("weir submit --jar count-app-1.0.jar --replace-jar --class "
              + AppJars.VERSIONED_COUNT);
      assertThat(topicExists("damaged-out")).as("the job's sink created its topic").isFalse();
      for (WorkerProcess w : List.of(a, b)) {
        assertThat(Files.readString(w.log())).doesNotContain("joined job '" + job.jobName());
      }

      // What the message says to do: store the jar again, resubmit.
      assertThat(runner.storeJar(v1, true)).isEqualTo(sha);
      DistributedJob again = runner.submitJar(v1, AppJars.VERSIONED_COUNT, options("count"),
          args);
      assertThat(again.waitUntilFinish(Duration.ofSeconds(120)))
          .isEqualTo(PipelineResult.State.DONE);
      assertThat(committed("damaged-out")).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(tagged(fx.expectedUpdates(), "v1:"));
    }
  }

  @Test
  void aSavepointOfVersionOneRestoresInVersionTwoSubmittedWithItsJar() throws Exception {
    KeyedCountFixture fx = new KeyedCountFixture("upgrade", 20_000, 30);
    fx.produce(KAFKA.clientProperties());
    Path v1 = AppJars.versionedCount(tmp, 1);
    Path v2 = AppJars.versionedCount(tmp, 2);
    try (WorkerProcess a = worker("upgrade", "a", tmp.resolve("worker-a"));
        WorkerProcess b = worker("upgrade", "b", tmp.resolve("worker-b"));
        DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(),
            "upgrade")) {
      // Paced, with checkpoints on request only: the savepoint is taken while it runs.
      DistributedJob one = runner.submitJar(v1, AppJars.VERSIONED_COUNT, PipelineOptions
              .defaults().withJobName("count-v1").withParallelism(2)
              .withCheckpointInterval(Duration.ofSeconds(30)),
          List.of(KAFKA.bootstrapServers(), fx.input, "upgrade-v1-out", "1000"));
      Conditions.await(() -> runsOnBoth(one), Duration.ofSeconds(60),
          "version 1 to run on both workers");
      // The savepoint must hold counts: checkpoints until 200 updates are committed.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      do {
        assertThat(System.nanoTime() - deadline).as("200 committed updates within 60 s")
            .isNegative();
        one.triggerCheckpoint().get(60, TimeUnit.SECONDS);
      } while (committed("upgrade-v1-out").size() < 200);
      Path sp = one.savepoint(tmp).get(60, TimeUnit.SECONDS);
      one.cancel();

      DistributedJob two = runner.submitJar(v2, AppJars.VERSIONED_COUNT,
          options("count-v2"), List.of(KAFKA.bootstrapServers(), fx.input, "upgrade-v2-out",
              "0"), sp, false);
      assertThat(two.waitUntilFinish(Duration.ofSeconds(120)))
          .isEqualTo(PipelineResult.State.DONE);
      assertCountsContinueExactly(fx, committed("upgrade-v2-out"));
    }
  }

  /**
   * Each word's updates continue its count from the savepoint one by one to its total, each
   * once, and some started above 1 (the savepoint's state was restored). The updates version 1
   * had staged in its sink at the savepoint are written by version 2's sink as version 1 made
   * them ({@code v1:}), before any of version 2's own ({@code v2:}).
   */
  private static void assertCountsContinueExactly(KeyedCountFixture fx, List<String> updates) {
    Map<String, Integer> totals = new HashMap<>();
    for (long i = 0; i < fx.records; i++) {
      totals.merge(KeyedCountFixture.word(i, fx.keys), 1, Integer::sum);
    }
    Map<String, java.util.TreeMap<Integer, String>> byWord = new java.util.TreeMap<>();
    for (String u : updates) {
      String tag = u.substring(0, 3);
      assertThat(tag).as(u).isIn("v1:", "v2:");
      int eq = u.lastIndexOf('=');
      String previous = byWord.computeIfAbsent(u.substring(3, eq), k -> new java.util.TreeMap<>())
          .put(Integer.parseInt(u.substring(eq + 1)), tag);
      assertThat(previous).as("a second update %s", u).isNull();
    }
    assertThat(byWord).isNotEmpty();
    boolean restored = false;
    boolean ranV2 = false;
    for (Map.Entry<String, java.util.TreeMap<Integer, String>> e : byWord.entrySet()) {
      java.util.TreeMap<Integer, String> counts = e.getValue();
      assertThat(counts.lastKey()).as(e.getKey()).isEqualTo(totals.get(e.getKey()));
      assertThat(counts.lastKey() - counts.firstKey() + 1).as("%s: consecutive counts",
          e.getKey()).isEqualTo(counts.size());
      String tags = String.join("", counts.values());
      assertThat(tags).as("%s: staged v1 updates, then v2's", e.getKey())
          .matches("(v1:)*(v2:)*");
      ranV2 |= tags.contains("v2:");
      restored |= counts.firstKey() > 1;
    }
    assertThat(ranV2).as("version 2 wrote updates").isTrue();
    assertThat(restored).as("counts continue from the savepoint's state").isTrue();
  }

  /**
   * Writes a copy of the jar with one byte changed as the stored jar {@code sha}'s chunk, and a
   * header pointing at it, straight to the jars topic; returns the changed bytes' SHA-256.
   */
  private static String damageStoredCopy(String sha, Path jar) throws Exception {
    ClusterTopics topics = new ClusterTopics("damaged");
    JarHeader stored;
    try (JarStore store = new JarStore(KAFKA.clientProperties(), topics)) {
      stored = store.header(sha).orElseThrow();
    }
    assertThat(stored.chunkCount()).isEqualTo(1);
    byte[] bytes = Files.readAllBytes(jar);
    bytes[bytes.length / 2] ^= 0x20;
    Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
    props.put("key.serializer", ByteArraySerializer.class);
    props.put("value.serializer", ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props)) {
      long offset = p.send(new ProducerRecord<>(topics.jars(), ClusterTopics.JAR_CHUNKS,
          JarChunk.key(sha, 0).getBytes(StandardCharsets.UTF_8),
          ProtocolCodec.encode(new JarChunk(sha, 0, bytes)))).get(30, TimeUnit.SECONDS).offset();
      p.send(new ProducerRecord<>(topics.jars(), ClusterTopics.JAR_HEADERS,
          sha.getBytes(StandardCharsets.UTF_8), ProtocolCodec.encode(new JarHeader(sha,
              stored.name(), stored.sizeBytes(), 1, offset, offset,
              System.currentTimeMillis())))).get(30, TimeUnit.SECONDS);
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static boolean runsOnBoth(DistributedJob job) {
    return !job.state().isTerminal() && job.placement().containsValue("a")
        && job.placement().containsValue("b");
  }

  /** The jar copies under a worker's directory. */
  private static List<Path> jarCopies(Path workDir) {
    if (!Files.isDirectory(workDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      return files.filter(f -> f.toString().endsWith(".jar")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> tagged(List<String> updates, String tag) {
    List<String> out = new ArrayList<>();
    updates.forEach(u -> out.add(tag + u));
    return out;
  }

  /** The committed records of {@code topic}, as "key=value". */
  private static List<String> committed(String topic) {
    List<String> out = new ArrayList<>();
    CommittedReader.read(KAFKA.clientProperties(), topic, true, Duration.ofSeconds(10), r ->
        out.add(new String(r.key(), StandardCharsets.UTF_8) + "="
            + new String(r.value(), StandardCharsets.UTF_8)));
    return out;
  }

  private static boolean topicExists(String topic) throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
    }
  }
}
