package dev.weir.runner.distributed.internal.protocol;

import static dev.weir.runner.distributed.internal.protocol.Fields.booleanValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.intValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.longValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.nullableString;
import static dev.weir.runner.distributed.internal.protocol.Fields.string;
import static dev.weir.runner.distributed.internal.protocol.Fields.stringMap;
import static dev.weir.runner.distributed.internal.protocol.Fields.strings;

import dev.weir.runtime.checkpoint.TaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** {@link JobDefinition} and {@link JobStatus} as generic records and back. */
final class JobRecords {

  static final Schema DEFINITION = AvroMessageFormat.loadSchema("job-definition.avsc");
  /** Job definitions as written before jar submission: decoded with jarSha256 empty. */
  static final Schema DEFINITION_WITHOUT_JAR =
      AvroMessageFormat.loadSchema("job-definition-without-jar.avsc");
  static final Schema STATUS = AvroMessageFormat.loadSchema("job-status.avsc");
  /** Job statuses as written before they carried subtask states: decoded without subtasks. */
  static final Schema STATUS_WITHOUT_SUBTASKS =
      AvroMessageFormat.loadSchema("job-status-without-subtasks.avsc");
  private static final Schema SUBTASK = STATUS.getField("subtasks").schema().getElementType();

  private JobRecords() {}

  static GenericRecord toRecord(JobDefinition d) {
    GenericRecord r = new GenericData.Record(DEFINITION);
    r.put("jobId", d.jobId());
    r.put("factoryClass", d.factoryClass());
    r.put("options", new LinkedHashMap<>(d.options()));
    r.put("args", new ArrayList<>(d.args()));
    r.put("planFingerprint", d.planFingerprint());
    r.put("stepDescriptors", new ArrayList<>(d.stepDescriptors()));
    r.put("submittedAtMillis", d.submittedAtMillis());
    r.put("cancelRequested", d.cancelRequested());
    r.put("jarSha256", d.jarSha256());
    return r;
  }

  static JobDefinition definition(GenericRecord r) {
    return new JobDefinition(string(r, "jobId"), string(r, "factoryClass"),
        stringMap(r, "options"), strings(r, "args"), string(r, "planFingerprint"),
        strings(r, "stepDescriptors"), longValue(r, "submittedAtMillis"),
        booleanValue(r, "cancelRequested"), string(r, "jarSha256"));
  }

  static GenericRecord toRecord(JobStatus s) {
    GenericRecord r = new GenericData.Record(STATUS);
    r.put("jobId", s.jobId());
    r.put("state", s.state());
    r.put("epoch", s.epoch());
    r.put("restarts", s.restarts());
    r.put("latestCheckpointId", s.latestCheckpointId());
    r.put("failure", s.failure());
    r.put("updatedAtMillis", s.updatedAtMillis());
    r.put("subtaskWorkers", new LinkedHashMap<>(s.subtaskWorkers()));
    r.put("steps", StepCountRecords.toRecords(STATUS.getField("steps").schema(), s.steps()));
    List<GenericRecord> subtasks = new ArrayList<>();
    for (SubtaskState st : s.subtasks()) {
      GenericRecord t = new GenericData.Record(SUBTASK);
      t.put("chain", st.task().chain());
      t.put("subtask", st.task().subtask());
      t.put("state", st.state());
      t.put("backpressureRatio", st.backpressureRatio());
      t.put("rates", StepCountRecords.toRateRecords(SUBTASK.getField("rates").schema(),
          st.rates()));
      subtasks.add(t);
    }
    r.put("subtasks", subtasks);
    return r;
  }

  static JobStatus status(GenericRecord r) {
    return new JobStatus(string(r, "jobId"), string(r, "state"), longValue(r, "epoch"),
        intValue(r, "restarts"), longValue(r, "latestCheckpointId"),
        nullableString(r, "failure"), longValue(r, "updatedAtMillis"),
        stringMap(r, "subtaskWorkers"), StepCountRecords.metrics(r, "steps"), subtasks(r));
  }

  private static List<SubtaskState> subtasks(GenericRecord r) {
    List<SubtaskState> out = new ArrayList<>();
    for (GenericRecord t : Fields.records(r, "subtasks")) {
      out.add(new SubtaskState(new TaskId(string(t, "chain"), intValue(t, "subtask")),
          string(t, "state"), Fields.doubleValue(t, "backpressureRatio"),
          StepCountRecords.rates(t, "rates")));
    }
    return out;
  }
}
