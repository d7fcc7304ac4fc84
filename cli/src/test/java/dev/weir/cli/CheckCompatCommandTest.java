package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import dev.weir.testing.WeirTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir checkpoints check-compat}: the pre-deploy check of a new job version. */
class CheckCompatCommandTest {
  @TempDir
  Path dir;

  static final Schema V1 = SchemaBuilder.record("Visit").namespace("com.example").fields()
      .requiredString("page").endRecord();
  static final Schema V2 = SchemaBuilder.record("Visit").namespace("com.example").fields()
      .requiredString("page").name("count").type().longType().longDefault(0).endRecord();
  static final Schema V3 = SchemaBuilder.record("Visit").namespace("com.example").fields()
      .requiredInt("page").endRecord();

  /** Keeps the last visit per user, with the state record of one version. */
  static final class LastVisit extends KeyedProcessFn<String, String, String> {
    private final StateSpec<ValueState<GenericRecord>> last;
    private final Schema schema;

    LastVisit(Schema schema) {
      this.schema = schema;
      this.last = StateSpec.value("last", Types.generic(schema));
    }

    @Override
    public List<StateSpec<?>> stateSpecs() {
      return List.of(last);
    }

    @Override
    public void processElement(String user, Context<String, String> ctx) {
      GenericRecord r = new GenericData.Record(schema);
      r.put("page", user);
      ctx.state(last).update(r);
    }
  }

  static Pipeline visits(PipelineOptions options, Schema schema, PushSource<String> in) {
    return visits(options, schema, in, "last");
  }

  static Pipeline visits(PipelineOptions options, Schema schema, PushSource<String> in,
      String stepName) {
    Pipeline p = Pipeline.create(options.withJobName("visits"));
    p.read("in", in).keyBy("byUser", u -> u, Types.STRING).process(stepName, new LastVisit(schema))
        .write("out", CollectingSink.create());
    return p;
  }

  /** Version 2 with the step "last" renamed to "lastVisit". */
  public static final class VisitsV2Renamed implements PipelineFactory {
    @Override
    public Pipeline create(PipelineOptions options, List<String> args) {
      return visits(options, V2, PushSource.create(Types.STRING), "lastVisit");
    }
  }

  /** Version 2: a field added with a default. */
  public static final class VisitsV2 implements PipelineFactory {
    @Override
    public Pipeline create(PipelineOptions options, List<String> args) {
      return visits(options, V2, PushSource.create(Types.STRING));
    }
  }

  /** Version 3: the page became an int. */
  public static final class VisitsV3 implements PipelineFactory {
    @Override
    public Pipeline create(PipelineOptions options, List<String> args) {
      return visits(options, V3, PushSource.create(Types.STRING));
    }
  }

  private Path savepointOfV1() throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(visits(PipelineOptions.defaults().withParallelism(2), V1, in));
    in.push("ann", "bob");
    WeirTest.await("2 records in", () -> r.metrics().step("last").recordsIn() >= 2,
        Duration.ofSeconds(30));
    return r.stopWithSavepoint(dir).get(30, TimeUnit.SECONDS);
  }

  @Test
  void aCompatibleVersionPassesAndAnIncompatibleOneIsNamedFieldByField() throws Exception {
    Path sp = savepointOfV1();

    CliRun ok = CliRun.weir("checkpoints", "check-compat", sp, "--job", VisitsV2.class.getName());
    assertThat(ok.code()).as(ok.err()).isEqualTo(0);
    assertThat(ok.out()).contains("compatible: " + VisitsV2.class.getName() + " can restore");

    CliRun bad = CliRun.weir("checkpoints", "check-compat", sp, "--job", VisitsV3.class.getName());
    assertThat(bad.code()).as(bad.err()).isEqualTo(CheckCompatCommand.INCOMPATIBLE);
    assertThat(bad.out()).contains("NOT compatible")
        .contains("step 'last', state 'last', field 'value.page': TYPE_MISMATCH");
  }

  @Test
  void anUnknownClassOrLocationIsANotFoundError() throws Exception {
    Path sp = savepointOfV1();
    CliRun noClass = CliRun.weir("checkpoints", "check-compat", sp, "--job", "com.example.Missing");
    assertThat(noClass.code()).isEqualTo(StoreCommand.NOT_FOUND);
    assertThat(noClass.err()).contains("class com.example.Missing is not on the class path");
    CliRun noDir = CliRun.weir("checkpoints", "check-compat", dir.resolve("nope"), "--job",
        VisitsV2.class.getName());
    assertThat(noDir.code()).isEqualTo(StoreCommand.NOT_FOUND);
    assertThat(noDir.err()).contains("does not exist");
  }

  @Test
  void aRenamedStepIsCheckedUnderTheRenameTheDeployWillGive() throws Exception {
    Path sp = savepointOfV1();
    String job = VisitsV2Renamed.class.getName();
    CliRun unmapped = CliRun.weir("checkpoints", "check-compat", sp, "--job", job);
    assertThat(unmapped.code()).as(unmapped.err()).isEqualTo(CheckCompatCommand.INCOMPATIBLE);
    assertThat(unmapped.out()).contains("holds state of step 'last'")
        .contains("--rename-step old=new");

    CliRun mapped = CliRun.weir("checkpoints", "check-compat", sp, "--job", job,
        "--rename-step", "last=lastVisit");
    assertThat(mapped.code()).as(mapped.err()).isEqualTo(0);
    assertThat(mapped.out()).contains("compatible: " + job + " can restore");

    CliRun typo = CliRun.weir("checkpoints", "check-compat", sp, "--job", job,
        "--rename-step", "lst=lastVisit");
    assertThat(typo.code()).isEqualTo(StoreCommand.NOT_FOUND);
    assertThat(typo.err()).contains("--rename-step: cannot rename step 'lst' to 'lastVisit'")
        .contains("its stateful steps: ");
  }
}
