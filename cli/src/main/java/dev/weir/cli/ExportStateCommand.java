package dev.weir.cli;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weir checkpoints export}: one step's state of one checkpoint as a standard Avro
 * object container file.
 *
 * <p>Which state: {@code --kind keyed} is the merged live keyed state (see
 * {@link StateExport}); {@code --kind K} for an operator-state kind ({@code operator},
 * {@code source-position}, {@code sink-commit}) is the entries of that kind's blobs of all
 * subtasks, concatenated. Without {@code --kind}: keyed if the step has keyed state (and a
 * note on stdout if it also has operator state), else all its operator state, provided its
 * blobs share one schema. The file is written next to the target and moved into place when
 * complete, so a failed export leaves no partial file; an existing file is replaced.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write one step's state of a retained checkpoint to an Avro object "
        + "container file that any Avro reader opens.",
        "Keyed state is merged (full snapshot, then deltas oldest first) and only live entries "
            + "are written, with the blobs' union schema (one record per state, plus timers). "
            + "Operator state is written entry by entry with its own schema."})
final class ExportStateCommand extends StoreCommand {

  /** The {@code --kind} value for keyed state. */
  static final String KEYED = "keyed";

  @Parameters(index = "1", paramLabel = "ID", description = "The checkpoint id.")
  long checkpointId;

  @Parameters(index = "2", paramLabel = "STEP", description = "The step name.")
  String stepName;

  @Parameters(index = "3", paramLabel = "FILE", description = "The Avro file to write.")
  Path target;

  @Option(names = "--kind", paramLabel = "KIND", description = "keyed, or an operator-state "
      + "kind (operator, source-position, sink-commit). Default: keyed if the step has keyed "
      + "state, else all its operator state.")
  String kind;

  @Override
  int run(OfflineStore store, PrintWriter out) throws IOException {
    String jobId = store.job(job);
    CheckpointManifest manifest = store.checkpoint(jobId, checkpointId);
    StepSnapshot step = OfflineStore.step(manifest, stepName);
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new InspectionException("cannot write " + target + ": no directory " + parent);
    }
    String what = kind != null ? kind : step.keyed().isEmpty() ? null : KEYED;
    String source = "step '" + stepName + "' of " + manifest.describe();
    Map<String, String> meta = Map.of("weir.job", jobId,
        "weir.checkpoint", String.valueOf(checkpointId), "weir.step", stepName,
        "weir.state", what == null ? "operator-state" : what);
    if (KEYED.equals(what)) {
      if (step.keyed().isEmpty()) {
        throw new InspectionException(source + " has no keyed state; it has: " + kinds(step));
      }
      exportKeyed(store, step, source, meta, out);
      if (kind == null && !step.operatorState().isEmpty()) {
        out.println("note: the step also has operator state (" + String.join(", ",
            operatorKinds(step)) + "); export it with --kind KIND");
      }
    } else {
      List<OperatorStateHandle> handles = step.operatorState().stream()
          .filter(op -> what == null || op.kind().equals(what)).toList();
      if (handles.isEmpty()) {
        throw new InspectionException(source + " has no " + (what == null ? "state"
            : "'" + what + "' state") + "; it has: " + kinds(step));
      }
      exportOperator(store, handles, source, meta, out);
    }
    return 0;
  }

  private void exportKeyed(OfflineStore store, StepSnapshot step, String source,
      Map<String, String> meta, PrintWriter out) throws IOException {
    StateExport export = new StateExport(store.store());
    Schema schema = export.keyedSchema(step);
    // Count per state name (the manifest maps state names to their record schemas), one row
    // per record type of the blobs' union, in union order.
    Map<String, String> stateOfRecord = new LinkedHashMap<>();
    step.stateSchemas().forEach((state, json) ->
        stateOfRecord.put(new Schema.Parser().parse(json).getFullName(), state));
    Map<String, Long> counts = new LinkedHashMap<>();
    List<Schema> branches = schema.getType() == Schema.Type.UNION ? schema.getTypes()
        : List.of(schema);
    branches.forEach(b -> counts.put(stateOfRecord.getOrDefault(b.getFullName(),
        b.getFullName()), 0L));
    long[] entries = {0};
    int[] blobs = {0};
    write(schema, meta, w -> blobs[0] = export.mergeKeyed(step, schema, record -> {
      append(w, record);
      entries[0]++;
      String name = record.getSchema().getFullName();
      counts.merge(stateOfRecord.getOrDefault(name, name), 1L, Long::sum);
    }));
    out.println("wrote " + entries[0] + " live entries to " + target + " (keyed state of "
        + source + "; " + step.keyed().size() + " key-group ranges, " + blobs[0] + " blobs)");
    TextTable table = new TextTable("STATE", "ENTRIES");
    counts.forEach(table::row);
    table.print(out);
  }

  private void exportOperator(OfflineStore store, List<OperatorStateHandle> handles,
      String source, Map<String, String> meta, PrintWriter out) throws IOException {
    Set<String> schemas = new LinkedHashSet<>();
    handles.forEach(op -> schemas.add(new Schema.Parser().parse(op.schema()).toString()));
    if (schemas.size() > 1) {
      throw new InspectionException(source + ": its operator-state blobs have "
          + schemas.size() + " different schemas (kinds " + handles.stream()
              .map(OperatorStateHandle::kind).distinct().collect(Collectors.joining(", "))
          + "); pick one kind with --kind");
    }
    Schema schema = new Schema.Parser().parse(handles.get(0).schema());
    Map<String, Long> counts = new LinkedHashMap<>();
    handles.forEach(op -> counts.put(op.kind() + " subtask " + op.subtask(), 0L));
    long[] entries = {0};
    write(schema, meta, w -> new StateExport(store.store()).concatOperator(handles, schema,
        op -> counts.merge(op.kind() + " subtask " + op.subtask(), 1L, Long::sum),
        entry -> {
          append(w, entry);
          entries[0]++;
        }));
    out.println("wrote " + entries[0] + " entries to " + target + " (operator state of "
        + source + "; " + handles.size() + " blobs)");
    TextTable table = new TextTable("STATE", "ENTRIES");
    counts.forEach(table::row);
    table.print(out);
  }

  /** What a step holds, for messages: "keyed, operator, sink-commit". */
  private static String kinds(StepSnapshot step) {
    List<String> kinds = new ArrayList<>();
    if (!step.keyed().isEmpty()) {
      kinds.add(KEYED);
    }
    kinds.addAll(operatorKinds(step));
    return kinds.isEmpty() ? "no state" : String.join(", ", kinds);
  }

  private static List<String> operatorKinds(StepSnapshot step) {
    return step.operatorState().stream().map(OperatorStateHandle::kind).distinct().sorted()
        .toList();
  }

  /** Fills a container file next to the target, then moves it into place. */
  private void write(Schema schema, Map<String, String> meta, Fill fill) throws IOException {
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try (DataFileWriter<Object> writer = StateExport.writer(schema, meta, partial)) {
      fill.into(writer);
    } catch (WriteFailure e) {
      Files.deleteIfExists(partial);
      throw e.getCause();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void append(DataFileWriter<Object> writer, Object entry) {
    try {
      writer.append(entry);
    } catch (IOException e) {
      throw new WriteFailure(e);
    }
  }

  /** Writes entries into an open container. */
  private interface Fill {
    void into(DataFileWriter<Object> writer) throws IOException;
  }

  /** Carries an {@link IOException} of the output file out of an entry callback. */
  private static final class WriteFailure extends RuntimeException {
    WriteFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }
}
