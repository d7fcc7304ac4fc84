package dev.weir.runner.distributed.upgrade;

import dev.weir.io.kafka.KafkaCoders;
import dev.weir.io.kafka.KafkaSink;
import dev.weir.io.kafka.KafkaSource;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PStream;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.OperatorStateFn;
import dev.weir.sdk.fn.ProcessFn;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Types;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The job of the upgrade tests, in three versions: visits per user, kept in an Avro record
 * state, each update written to a Kafka topic as {@code user -> visits} (version 1) or
 * {@code user -> visits/tier} (version 2). Version 2 is a compatible upgrade of version 1: its
 * state record has a field more, with a default, and it has a step more. Version 3 is an
 * incompatible one: the state's {@code name} field changed from string to int.
 *
 * <p>Every version also keeps operator state, one count per subtask, redistributed on rescale
 * as {@code SPLIT} (step {@code splitTotal}) and as {@code UNION} (step {@code unionTotal}),
 * both merged by summing; each writes its running count per record to the topics
 * {@code <output>-split} and {@code <output>-union}.
 *
 * <p>Arguments: bootstrap, input topic, output topic, version ({@code v1}, {@code v2},
 * {@code v3}), and the most records per second each subtask reads (0: no limit).
 */
public final class VisitsJob implements PipelineFactory {
  /** Version 1 of the state record. */
  static final Schema V1 = SchemaBuilder.record("Profile").namespace("com.example.visits")
      .fields().requiredString("name").requiredLong("visits").endRecord();
  /** Version 2: a field added with a default. */
  static final Schema V2 = SchemaBuilder.record("Profile").namespace("com.example.visits")
      .fields().requiredString("name").requiredLong("visits")
      .name("tier").type().stringType().stringDefault("basic").endRecord();
  /** Version 3: {@code name} changed from string to int, without a default. */
  static final Schema V3 = SchemaBuilder.record("Profile").namespace("com.example.visits")
      .fields().requiredInt("name").requiredLong("visits").endRecord();

  @Override
  public Pipeline create(PipelineOptions options, List<String> args) {
    String bootstrap = args.get(0);
    String version = args.get(3);
    int pace = Integer.parseInt(args.get(4));
    Schema schema = switch (version) {
      case "v1" -> V1;
      case "v2" -> V2;
      case "v3" -> V3;
      default -> throw new IllegalArgumentException("version must be v1, v2 or v3: " + version);
    };
    Pipeline p = Pipeline.create(options);
    PStream<String> users = p.read("in", KafkaSource.<byte[], String>builder()
        .bootstrapServers(bootstrap).topics(args.get(1)).valueCoder(KafkaCoders.UTF8).bounded()
        .buildValues());
    users = users.map("pace", u -> {
      // One pause of 1 ms per record: about `pace` (up to 1,000) records/s per subtask.
      if (pace > 0 && ThreadLocalRandom.current().nextInt(Math.max(1, pace / 1000)) == 0) {
        LockSupport.parkNanos(1_000_000);
      }
      return u;
    }).withCoder(Types.STRING);
    users.processStateful("splitTotal", () -> new SubtaskTotal(
        OperatorStateFn.Redistribution.SPLIT)).withCoder(Types.LONG)
        .write("splitOut", totals(bootstrap, args.get(2) + "-split"));
    users.processStateful("unionTotal", () -> new SubtaskTotal(
        OperatorStateFn.Redistribution.UNION)).withCoder(Types.LONG)
        .write("unionOut", totals(bootstrap, args.get(2) + "-union"));
    if (!version.equals("v1")) {
      users = users.filter("known", u -> !u.isBlank()); // the step version 2 adds
    }
    users.keyBy("byUser", u -> u, Types.STRING)
        .process("profiles", new Profiles(schema))
        .withCoder(Types.STRING)
        .write("out", KafkaSink.<String>builder(bootstrap, args.get(2))
            .key(line -> line.substring(0, line.indexOf(' ')).getBytes(StandardCharsets.UTF_8))
            .value(line -> line.substring(line.indexOf(' ') + 1)
                .getBytes(StandardCharsets.UTF_8))
            .createTopicIfMissing(3)
            .timeout(Duration.ofSeconds(30))
            .build());
    return p;
  }

  private static KafkaSink<Long> totals(String bootstrap, String topic) {
    return KafkaSink.<Long>builder(bootstrap, topic)
        .value(n -> Long.toString(n).getBytes(StandardCharsets.UTF_8))
        .createTopicIfMissing(1)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  /** Counts the records of its subtask; emits the count after each. */
  static final class SubtaskTotal extends OperatorStateFn<String, Long, Long> {
    private final Redistribution redistribution;
    private long total;

    SubtaskTotal(Redistribution redistribution) {
      this.redistribution = redistribution;
    }

    @Override
    public Coder<Long> stateCoder() {
      return Types.LONG;
    }

    @Override
    public Long initialState() {
      return 0L;
    }

    @Override
    public void restore(Long state) {
      total = state;
    }

    @Override
    public Long snapshot() {
      return total;
    }

    @Override
    public void processElement(String value, ProcessFn.Context<Long> ctx) {
      ctx.output(++total);
    }

    @Override
    public Redistribution redistribution() {
      return redistribution;
    }

    @Override
    public Long merge(List<Long> states) {
      return states.stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Keeps a profile per user; emits "user visits" or "user visits/tier". */
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
      now.put("visits", old == null ? 1L : (Long) old.get("visits") + 1);
      if (schema.getField("name").schema().getType() == Schema.Type.INT) {
        now.put("name", user.length());
      } else {
        now.put("name", user);
      }
      if (schema.getField("tier") != null) {
        now.put("tier", old == null ? "basic" : old.get("tier").toString());
      }
      s.update(now);
      ctx.output(user + " " + now.get("visits")
          + (schema.getField("tier") == null ? "" : "/" + now.get("tier")));
    }
  }
}
