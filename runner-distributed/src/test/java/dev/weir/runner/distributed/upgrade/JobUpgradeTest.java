package dev.weir.runner.distributed.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.testing.CommittedReader;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import dev.weir.runner.distributed.DistributedRunner;
import dev.weir.runner.distributed.WorkerProcess;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.checkpoint.IncompatibleStateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's life through upgrades, on the local runner and on the distributed runner (two worker
 * processes): version 1 runs at parallelism 2 and is stopped with a savepoint; version 2 (its
 * state record has a field more, with a default, and it has a step more) resumes from it at
 * parallelism 5 and is stopped with a savepoint again; version 2 resumes from that at
 * parallelism 1 and runs to the end of the input. Together the three runs wrote exactly what
 * version 2 writes over the whole input from scratch: each user's visits counted once each,
 * version 2's lines equal to the reference's. Version 3 (a field's type changed from string to
 * int) is refused before it starts, naming step, state and field, and the savepoint is
 * untouched.
 */
class JobUpgradeTest {
  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(Map.of(
      "group.min.session.timeout.ms", "500"));

  static final int RECORDS = 24_000;
  static final int USERS = 100;
  static final String INPUT = "visits-in";

  @TempDir
  Path tmp;

  /** Starts a version of the job on one runner. */
  interface Deployment {
    PipelineResult start(String name, String version, int parallelism, int pace, String output,
        Path fromSavepoint);
  }

  static String user(long i) {
    return "u" + (i * 7919 % USERS);
  }

  @BeforeAll
  static void writeInput() throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin.createTopics(List.of(new NewTopic(INPUT, 3, (short) 1))).all().get();
    }
    Properties p = new Properties();
    p.putAll(KAFKA.clientProperties());
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.put("delivery.timeout.ms", "120000");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (long i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(INPUT, (int) (i % 3), null,
            user(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  @Test
  void onTheLocalRunner() throws Exception {
    Deployment local = (name, version, parallelism, pace, output, from) -> {
      LocalRunner.Builder b = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory());
      if (from != null) {
        b.fromSavepoint(from);
      }
      return b.build().run(new VisitsJob().create(options(name, parallelism),
          List.of(KAFKA.bootstrapServers(), INPUT, output, version, Integer.toString(pace))));
    };
    upgradeThrough(local, "local");
  }

  @Test
  void onTheDistributedRunner() throws Exception {
    try (WorkerProcess w1 = WorkerProcess.start(KAFKA.bootstrapServers(), "up", "w1", 3000);
        WorkerProcess w2 = WorkerProcess.start(KAFKA.bootstrapServers(), "up", "w2", 3000);
        DistributedRunner runner = DistributedRunner.connect(KAFKA.clientProperties(), "up")) {
      Deployment distributed = (name, version, parallelism, pace, output, from) ->
          from == null
              ? runner.submit(VisitsJob.class.getName(), options(name, parallelism),
                  List.of(KAFKA.bootstrapServers(), INPUT, output, version,
                      Integer.toString(pace)), VisitsJob.class.getClassLoader())
              : runner.submit(VisitsJob.class.getName(), options(name, parallelism),
                  List.of(KAFKA.bootstrapServers(), INPUT, output, version,
                      Integer.toString(pace)), VisitsJob.class.getClassLoader(), from, false);
      upgradeThrough(distributed, "dist");
    }
  }

  private static PipelineOptions options(String name, int parallelism) {
    return PipelineOptions.defaults().withJobName(name).withParallelism(parallelism)
        .withMaxParallelism(64).withCheckpointInterval(Duration.ofMillis(500));
  }

  private void upgradeThrough(Deployment runner, String prefix) throws Exception {
    // Version 1 at parallelism 2, paced, stopped with a savepoint once it has committed output.
    String out1 = prefix + "-out-v1";
    PipelineResult v1 = runner.start(prefix + "-v1", "v1", 2, 1000, out1, null);
    awaitCommitted(out1, 1_500);
    Path sp1 = v1.stopWithSavepoint(tmp.resolve(prefix + "-sp1")).get(120, TimeUnit.SECONDS);
    assertThat(v1.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.STOPPED);

    // Version 3 is refused before it starts; the savepoint is untouched.
    Map<Path, byte[]> before = contents(sp1);
    assertThatThrownBy(() -> runner.start(prefix + "-v3", "v3", 2, 0, prefix + "-out-v3", sp1))
        .isInstanceOf(IncompatibleStateException.class)
        .hasMessageContaining("step 'profiles', state 'profile', field 'value.name': "
            + "TYPE_MISMATCH");
    Map<Path, byte[]> after = contents(sp1);
    assertThat(after).containsOnlyKeys(before.keySet());
    before.forEach((f, bytes) -> assertThat(after.get(f)).as("%s untouched", f).isEqualTo(bytes));

    // Version 2 at parallelism 5 from the savepoint, stopped with a savepoint again.
    String out2 = prefix + "-out-v2a";
    PipelineResult v2a = runner.start(prefix + "-v2a", "v2", 5, 1000, out2, sp1);
    awaitCommitted(out2, 1_500);
    Path sp2 = v2a.stopWithSavepoint(tmp.resolve(prefix + "-sp2")).get(120, TimeUnit.SECONDS);
    assertThat(v2a.waitUntilFinish(Duration.ofSeconds(60)))
        .isEqualTo(PipelineResult.State.STOPPED);

    // Version 2 at parallelism 1 from the second savepoint, to the end of the input.
    String out3 = prefix + "-out-v2b";
    PipelineResult v2b = runner.start(prefix + "-v2b", "v2", 1, 0, out3, sp2);
    assertThat(v2b.waitUntilFinish(Duration.ofSeconds(180))).isEqualTo(PipelineResult.State.DONE);

    // The reference: version 2 over the whole input from scratch.
    String ref = prefix + "-out-ref";
    PipelineResult r = runner.start(prefix + "-ref", "v2", 2, 0, ref, null);
    assertThat(r.waitUntilFinish(Duration.ofSeconds(180))).isEqualTo(PipelineResult.State.DONE);
    // The finished job's record counts are exact, per step and per subtask.
    assertThat(r.metrics().step("profiles").recordsIn()).isEqualTo(RECORDS);
    assertThat(r.metrics().step("profiles").recordsOut()).isEqualTo(RECORDS);
    assertThat(r.metrics().step("splitTotal").recordsIn()).isEqualTo(RECORDS);
    assertThat(r.metrics().subtasks("profiles")).hasSize(2)
        .allMatch(m -> m.recordsIn() > 0);

    Map<String, String> reference = byUserAndVisits(committed(ref));
    assertThat(reference).hasSize(RECORDS);
    List<String> v1Lines = committed(out1);
    List<String> v2Lines = new ArrayList<>(committed(out2));
    v2Lines.addAll(committed(out3));
    assertThat(v1Lines).isNotEmpty();
    assertThat(committed(out2)).as("version 2 at parallelism 5 wrote").isNotEmpty();
    // Each (user, visits) exactly once over the three runs, and no other.
    Map<String, String> all = new TreeMap<>(byUserAndVisits(v1Lines));
    Map<String, String> upgraded = byUserAndVisits(v2Lines);
    assertThat(upgraded.keySet()).doesNotContainAnyElementsOf(all.keySet());
    all.putAll(upgraded);
    assertThat(all.keySet()).isEqualTo(reference.keySet());
    // Version 2's lines (with the tier the restored state got by default) equal the reference.
    upgraded.forEach((k, line) -> assertThat(line).as(k).isEqualTo(reference.get(k)));
    // Version 1's lines are version 1's format of the same counts.
    byUserAndVisits(v1Lines).forEach((k, line) -> assertThat(line + "/basic").as(k)
        .isEqualTo(reference.get(k)));

    // Operator state through 2 -> 5 -> 1 subtasks. n1, n2, n3: the records each run processed.
    long n1 = v1Lines.size();
    long n2 = committed(out2).size();
    long n3 = committed(out3).size();
    assertThat(n1 + n2 + n3).isEqualTo(RECORDS);
    // SPLIT, merged by sum: the last run's one subtask restored every old count once, so it
    // counts on from n1 + n2, one by one, to the whole input.
    assertThat(totals(out3 + "-split")).isEqualTo(range(n1 + n2 + 1, RECORDS));
    // UNION: each of the 5 subtasks of run 2 restored both counts of run 1 (summed: n1) and
    // counted on from there; the last run's subtask restored all 5 counts of run 2: 5 * n1 + n2.
    List<Long> union2 = totals(out2 + "-union");
    assertThat(union2).hasSize((int) n2).allMatch(v -> v > n1);
    assertThat(union2).contains(n1 + 1);
    assertThat(totals(out3 + "-union")).isEqualTo(range(5 * n1 + n2 + 1, 5 * n1 + n2 + n3));
  }

  private static List<Long> totals(String topic) {
    List<Long> out = new ArrayList<>();
    CommittedReader.read(KAFKA.clientProperties(), topic, true, Duration.ofSeconds(10),
        r -> out.add(Long.parseLong(new String(r.value(), StandardCharsets.UTF_8))));
    return out;
  }

  private static List<Long> range(long first, long last) {
    return java.util.stream.LongStream.rangeClosed(first, last).boxed().toList();
  }

  /** The lines "user visits[/tier]" keyed by "user visits"; fails on a repeated key. */
  private static Map<String, String> byUserAndVisits(List<String> lines) {
    Map<String, String> out = new HashMap<>();
    for (String line : lines) {
      int slash = line.indexOf('/');
      String key = slash < 0 ? line : line.substring(0, slash);
      assertThat(out.put(key, line)).as("%s written once", key).isNull();
    }
    return out;
  }

  private static List<String> committed(String topic) {
    List<String> out = new ArrayList<>();
    CommittedReader.read(KAFKA.clientProperties(), topic, true, Duration.ofSeconds(10), r -> out
        .add(new String(r.key(), StandardCharsets.UTF_8) + " "
            + new String(r.value(), StandardCharsets.UTF_8)));
    return out;
  }

  private static void awaitCommitted(String topic, int atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try (Admin admin = Admin.create(KAFKA.clientProperties())) {
        if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)
            && CommittedReader.read(KAFKA.clientProperties(), topic, true, Duration.ofSeconds(5),
                r -> { }) >= atLeast) {
          return;
        }
      }
      assertThat(System.nanoTime() - deadline).as("%d committed records in %s within 120 s",
          atLeast, topic).isNegative();
      Thread.sleep(200); // polls a topic that checkpoints (every 500 ms) commit to
    }
  }

  private static Map<Path, byte[]> contents(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).collect(Collectors.toMap(f -> f, f -> {
        try {
          return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }));
    }
  }
}
