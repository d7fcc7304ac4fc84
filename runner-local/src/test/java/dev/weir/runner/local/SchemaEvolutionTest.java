package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineExecutionException;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.checkpoint.IncompatibleStateException;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import dev.weir.testing.WeirTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State schema evolution, checked before any task starts: a state record that gained a field
 * with a default restores and converts; a field whose type changed incompatibly is refused with
 * one error naming step, state, field and rule, before anything runs or is written.
 */
class SchemaEvolutionTest {
  @TempDir
  Path tmp;

  /** Version 1 of the state record: visits so far and the last name seen. */
  static final Schema V1 = SchemaBuilder.record("Profile").namespace("com.example")
      .fields().requiredString("name").requiredLong("visits").endRecord();
  /** Version 2: a field added with a default. */
  static final Schema V2 = SchemaBuilder.record("Profile").namespace("com.example")
      .fields().requiredString("name").requiredLong("visits")
      .name("tier").type().stringType().stringDefault("basic").endRecord();
  /** Version 3: {@code name} changed from string to int, without a default. */
  static final Schema V3 = SchemaBuilder.record("Profile").namespace("com.example")
      .fields().requiredInt("name").requiredLong("visits").endRecord();

  /** Keeps a profile per user; emits "user=visits/tier" (tier only where the schema has one). */
  static final class Profiles extends KeyedProcessFn<String, String, String> {
    private final Schema schema;
    private final StateSpec<ValueState<GenericRecord>> profile;

    Profiles(Schema schema) {
      this.schema = schema;
      this.profile = StateSpec.value("profile", Types.generic(schema));
    }

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(profile);
    }

    @Override
    public void processElement(String user, Context<String, String> ctx) {
      ValueState<GenericRecord> s = ctx.state(profile);
      GenericRecord old = s.value();
      GenericRecord now = new GenericData.Record(schema);
      long visits = old == null ? 1 : (Long) old.get("visits") + 1;
      if (schema.getField("name").schema().getType() == Schema.Type.INT) {
        now.put("name", user.length());
      } else {
        now.put("name", user);
      }
      now.put("visits", visits);
      String tier = "";
      if (schema.getField("tier") != null) {
        tier = old == null ? "basic" : String.valueOf(old.get("tier"));
        now.put("tier", tier);
      }
      s.update(now);
      ctx.output(user + "=" + visits + (tier.isEmpty() ? "" : "/" + tier));
    }
  }

  private static Pipeline job(Schema schema, PushSource<String> in, CollectingSink<String> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("profiles")
        .withParallelism(2).withCheckpointInterval(Duration.ofDays(1)));
    p.read("in", in).keyBy("byUser", u -> u, Types.STRING).process("profiles",
        new Profiles(schema)).write("out", out);
    return p;
  }

  /** Runs version 1 over "ann, bob, ann" and stops it with a savepoint. */
  private Path savepointOfV1() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(job(V1, in, CollectingSink.create()));
    in.push("ann", "bob", "ann");
    WeirTest.await("3 records in", () -> r.metrics().step("profiles").recordsIn() >= 3,
        Duration.ofSeconds(30));
    return r.stopWithSavepoint(tmp.resolve("sp")).get(30, TimeUnit.SECONDS);
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

  @Test
  void aFieldAddedWithADefaultRestoresAndConverts() throws Exception {
    Path sp = savepointOfV1();
    PushSource<String> in = PushSource.create(Types.STRING);
    CollectingSink<String> out = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp).build().run(job(V2, in, out));
    in.push("ann", "bob", "ann", "bob", "cid");
    in.finish();
    assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    // The restored profiles got the default tier; the visits continue from version 1's.
    assertThat(out.results()).containsExactlyInAnyOrder("bob=2/basic", "cid=1/basic");
  }

  @Test
  void aFieldWhoseTypeChangedIsRefusedBeforeStartNamingStepStateFieldAndRule() throws Exception {
    Path sp = savepointOfV1();
    Map<Path, byte[]> before = contents(sp);
    CollectingSink<String> out = CollectingSink.create();
    LocalRunner runner = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp).build();
    assertThatThrownBy(() -> runner.run(job(V3, PushSource.create(Types.STRING), out)))
        .isInstanceOf(IncompatibleStateException.class)
        .hasMessageContaining("cannot start from savepoint " + sp)
        .hasMessageContaining("step 'profiles', state 'profile', field 'value.name': "
            + "TYPE_MISMATCH")
        .satisfies(e -> {
          IncompatibleStateException ise = (IncompatibleStateException) e;
          assertThat(ise.stepName()).contains("profiles");
          assertThat(ise.state()).isEqualTo("profile");
          assertThat(ise.field()).isEqualTo("value.name");
          assertThat(ise.rule()).isEqualTo("TYPE_MISMATCH");
        });
    assertThat(out.results()).isEmpty();
    Map<Path, byte[]> after = contents(sp);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((f, bytes) -> assertThat(after.get(f)).as("%s untouched", f).isEqualTo(bytes));
  }

  @Test
  void anIncompatibleCheckpointFailsTheRunBeforeAnyTaskWrites() throws Exception {
    CheckpointStore store = CheckpointStores.inMemory();
    PushSource<String> in = PushSource.create(Types.STRING);
    PipelineResult r = LocalRunner.builder().checkpointStore(store).build()
        .run(job(V1, in, CollectingSink.create()));
    in.push("ann", "bob");
    WeirTest.await("2 records in", () -> r.metrics().step("profiles").recordsIn() >= 2,
        Duration.ofSeconds(30));
    r.stop();
    assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.STOPPED);
    List<Long> ids = store.listCheckpoints("profiles").stream()
        .map(CheckpointManifest::checkpointId).toList();

    CollectingSink<String> out = CollectingSink.create();
    PushSource<String> more = PushSource.create(Types.STRING);
    PipelineResult r2 = LocalRunner.builder().checkpointStore(store).build()
        .run(job(V3, more, out));
    assertThatThrownBy(() -> r2.waitUntilFinish(Duration.ofSeconds(30)))
        .isInstanceOf(PipelineExecutionException.class)
        .hasStackTraceContaining("field 'value.name': TYPE_MISMATCH");
    assertThat(r2.restarts()).as("a restart would meet the same refusal").isZero();
    assertThat(out.results()).isEmpty();
    assertThat(store.listCheckpoints("profiles").stream().map(CheckpointManifest::checkpointId)
        .toList()).as("nothing was written").isEqualTo(ids);
  }

  /** Counts per user; version 1 also keeps the list of pages (a state version 2 dropped). */
  static final class Counter extends KeyedProcessFn<String, String, KV<String, Long>> {
    static final StateSpec<ValueState<Long>> COUNT = StateSpec.value("count", Types.LONG);
    static final StateSpec<dev.weir.sdk.state.ListState<String>> SEEN =
        StateSpec.list("seen", Types.STRING);
    private final boolean keepsSeen;

    Counter(boolean keepsSeen) {
      this.keepsSeen = keepsSeen;
    }

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return keepsSeen ? List.of(COUNT, SEEN) : List.of(COUNT);
    }

    @Override
    public void processElement(String user, Context<String, KV<String, Long>> ctx) {
      long n = ctx.state(COUNT).valueOr(0L) + 1;
      ctx.state(COUNT).update(n);
      if (keepsSeen) {
        ctx.state(SEEN).add(user);
      }
      ctx.output(KV.of(user, n));
    }
  }

  /** Version 1: count with both states. Version 2: without "seen", plus a step after it. */
  private static Pipeline counter(boolean v1, PushSource<String> in,
      CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("counter")
        .withParallelism(2).withCheckpointInterval(Duration.ofDays(1)));
    dev.weir.sdk.PStream<KV<String, Long>> counts = p.read("in", in)
        .keyBy("byUser", u -> u, Types.STRING).process("count", new Counter(v1));
    if (!v1) {
      counts = counts.filter("added", kv -> kv.value() > 0);
    }
    counts.write("out", out);
    return p;
  }

  @Test
  void aDroppedStateIsRefusedUnlessAllowedAndAnAddedStepStartsEmpty() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(counter(true, in, CollectingSink.create()));
    in.push("ann", "bob", "ann");
    WeirTest.await("3 records in", () -> r.metrics().step("count").recordsIn() >= 3,
        Duration.ofSeconds(30));
    Path sp = r.stopWithSavepoint(tmp.resolve("sp")).get(30, TimeUnit.SECONDS);

    assertThatThrownBy(() -> LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp).build().run(counter(false, PushSource.create(Types.STRING),
            CollectingSink.create())))
        .isInstanceOf(IncompatibleStateException.class)
        .hasMessageContaining("step 'count', state 'seen': STATE_REMOVED");

    PushSource<String> again = PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r2 = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .fromSavepoint(sp).allowNonRestoredState(true).build()
        .run(counter(false, again, out));
    again.push("ann", "bob", "ann", "bob", "ann");
    again.finish();
    assertThat(r2.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    // The counts continue: a run of version 2 over the whole input from scratch ends the same.
    assertThat(out.<String, Long>latestByKey()).isEqualTo(Map.of("ann", 3L, "bob", 2L));
  }
}
