package dev.weir.runtime.checkpoint;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.state.KeyedStateFormat;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.IncompatibleStateException;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaParseException;

/**
 * Whether a pipeline can restore a checkpoint's keyed state, decided before any task starts:
 * for every state (and the timers) of every keyed step the checkpoint holds, the schema the
 * pipeline's coders read must be able to read the schema the checkpoint was written with, by
 * Avro's schema resolution ({@link SchemaCompatibility}, with the reader's aliases applied, as
 * the restore reads). Compatible changes restore and convert (a field added with a default, a
 * field removed, an int widened to long, a field renamed with an alias); an incompatible one is
 * a {@link Problem} naming the step, the state, the field and the rule. State of a step or a
 * state the pipeline no longer has is a problem too, unless non-restored state is allowed.
 *
 * <p>Operator state (source positions, sink committables, {@code OperatorStateFn} state) is
 * read through the same schema resolution, or a {@code MigratingCoder}'s former coder, when
 * its subtask restores; its coders exist only once the readers and writers are open, so it is
 * not checked here.
 */
public final class StateCompatibility {

  /**
   * One reason a checkpoint's state cannot be restored by the pipeline.
   *
   * @param step the step
   * @param state the state's name ({@code __timers} for the timers), or empty for a whole step
   * @param field where in the state's record, as field names ({@code value.address.zip}), or
   *     empty
   * @param rule Avro's name of the broken rule (e.g. {@code TYPE_MISMATCH},
   *     {@code READER_FIELD_MISSING_DEFAULT_VALUE}) or {@code STATE_REMOVED} / {@code STEP_REMOVED}
   * @param detail what Avro says about it
   */
  public record Problem(String step, String state, String field, String rule, String detail) {
    /** One line for errors and the CLI. */
    public String describe() {
      return "step '" + step + "'" + (state.isEmpty() ? "" : ", state '" + state + "'")
          + (field.isEmpty() ? "" : ", field '" + field + "'") + ": " + rule + " (" + detail
          + ")";
    }
  }

  private StateCompatibility() {
  }

  /** Every problem of restoring {@code m} into {@code plan}, in step and state order. */
  public static List<Problem> problems(CheckpointManifest m, PhysicalPlan plan,
      boolean allowNonRestoredState) {
    Map<String, LogicalNode> nodes = new LinkedHashMap<>();
    plan.chains().forEach(c -> c.nodes().forEach(n -> nodes.put(n.name(), n)));
    List<Problem> problems = new ArrayList<>();
    for (StepSnapshot step : m.steps()) {
      if (step.keyed().isEmpty()) {
        continue; // operator state only (checked as its subtask restores)
      }
      LogicalNode node = nodes.get(step.stepName());
      if (node == null) {
        if (!allowNonRestoredState) {
          problems.add(new Problem(step.stepName(), "", "", "STEP_REMOVED", "the checkpoint "
              + "holds keyed state of this step, which the pipeline no longer has"));
        }
        continue;
      }
      if (node.kind() != LogicalNode.Kind.KEYED_OPERATOR || node.inputs().isEmpty()
          || node.inputs().get(0).keyCoder() == null) {
        continue; // not a keyed step now: its stored ranges (timers only) are not read as state
      }
      Map<String, String> now = new KeyedStateFormat(node.name(), node.inputs().get(0).keyCoder(),
          node.stateSpecs()).stateSchemas();
      step.stateSchemas().forEach((state, written) -> {
        String read = now.get(state);
        if (read == null) {
          if (!allowNonRestoredState) {
            problems.add(new Problem(step.stepName(), state, "", "STATE_REMOVED", "the step no "
                + "longer declares this state"));
          }
          return;
        }
        problems.addAll(compare(step.stepName(), state, new Schema.Parser().parse(read),
            written));
      });
    }
    return problems;
  }

  /**
   * Throws unless {@code plan} can restore {@code m}.
   *
   * @throws IncompatibleStateException listing every problem, one per line
   */
  public static void requireCompatible(CheckpointManifest m, PhysicalPlan plan,
      boolean allowNonRestoredState) {
    List<Problem> problems = problems(m, plan, allowNonRestoredState);
    if (!problems.isEmpty()) {
      Problem first = problems.get(0);
      StringBuilder msg = new StringBuilder("checkpoint " + m.checkpointId() + " of job '"
          + m.jobId() + "' cannot be restored by this pipeline; its state does not fit:");
      problems.forEach(p -> msg.append("\n  ").append(p.describe()));
      msg.append("\nNothing was started or written. Keep the state's type compatible (add "
          + "fields with a default, widen numbers, rename with an alias), or start the job "
          + "fresh; state of removed steps or states is dropped only with "
          + "allowNonRestoredState.");
      throw new IncompatibleStateException(msg.toString(), first.step(), first.state(),
          first.field(), first.rule(), problems.stream().map(Problem::describe).toList());
    }
  }

  private static List<Problem> compare(String step, String state, Schema reader, String written) {
    Schema writer;
    try {
      writer = Schema.applyAliases(new Schema.Parser().parse(written), reader);
    } catch (SchemaParseException e) {
      return List.of(new Problem(step, state, "", "UNREADABLE_SCHEMA", "the checkpoint's "
          + "schema of the state does not parse: " + e.getMessage()));
    }
    List<Problem> out = new ArrayList<>();
    collect(step, state, reader, writer, "", out);
    return out;
  }

  /**
   * Adds the incompatibilities of reading {@code writer} as {@code reader}. A union branch the
   * reader lacks because the record in it changed (the value of a state is a union with null)
   * is compared with the reader's branch of the same name, so the problem names the field
   * inside it rather than the whole union.
   */
  private static void collect(String step, String state, Schema reader, Schema writer,
      String prefix, List<Problem> out) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    for (Incompatibility i : result.getResult().getIncompatibilities()) {
      String location = i.getLocation();
      Schema readerUnion = i.getReaderFragment();
      Schema writerUnion = i.getWriterFragment();
      if (i.getType() == SchemaCompatibility.SchemaIncompatibilityType.MISSING_UNION_BRANCH
          && readerUnion != null && readerUnion.getType() == Schema.Type.UNION
          && writerUnion != null && writerUnion.getType() == Schema.Type.UNION) {
        // The location ends with the index of the writer's branch the reader lacks.
        int slash = location.lastIndexOf('/');
        String tail = location.substring(slash + 1);
        if (slash > 0 && !tail.isEmpty() && tail.chars().allMatch(Character::isDigit)
            && Integer.parseInt(tail) < writerUnion.getTypes().size()) {
          Schema written = writerUnion.getTypes().get(Integer.parseInt(tail));
          Schema sameName = !isNamed(written) ? null : readerUnion.getTypes().stream()
              .filter(b -> isNamed(b) && b.getFullName().equals(written.getFullName()))
              .findFirst().orElse(null);
          if (sameName != null) {
            String unionPath = join(prefix, fieldPath(reader, location.substring(0, slash)));
            collect(step, state, sameName, written, unionPath, out);
            continue;
          }
        }
      }
      out.add(new Problem(step, state, join(prefix, fieldPath(reader, location)),
          i.getType().name(), i.getMessage()));
    }
  }

  private static boolean isNamed(Schema s) {
    return s.getType() == Schema.Type.RECORD || s.getType() == Schema.Type.ENUM
        || s.getType() == Schema.Type.FIXED;
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "." + b;
  }



  /**
   * The field names along a JSON pointer into a schema ({@code /fields/2/type/1/fields/0/name}
   * becomes {@code value.age}): what a user recognizes of their record.
   */
  static String fieldPath(Schema schema, String pointer) {
    List<String> names = new ArrayList<>();
    walk(schema, pointer, names);
    return String.join(".", names);
  }

  private static Schema walk(Schema schema, String pointer, List<String> names) {
    Schema at = schema;
    String[] parts = pointer.split("/");
    for (int i = 1; i < parts.length && at != null; i++) {
      String p = parts[i];
      switch (p) {
        case "fields" -> {
          if (i + 1 < parts.length && at.getType() == Schema.Type.RECORD) {
            int index = Integer.parseInt(parts[++i]);
            if (index < at.getFields().size()) {
              Schema.Field f = at.getFields().get(index);
              names.add(f.name());
              at = f.schema();
            } else {
              at = null;
            }
          }
        }
        case "type", "name", "symbols", "size" -> {
          // stays at the same schema
        }
        case "items" -> at = at.getType() == Schema.Type.ARRAY ? at.getElementType() : null;
        case "values" -> at = at.getType() == Schema.Type.MAP ? at.getValueType() : null;
        default -> {
          if (at.getType() == Schema.Type.UNION && p.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(p);
            at = index < at.getTypes().size() ? at.getTypes().get(index) : null;
          }
        }
      }
    }
    // The state record's own fields: keyGroup, key, value; a user's field is under "value".
    return at;
  }
}
