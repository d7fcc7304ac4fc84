package dev.weir.runner.distributed.internal.protocol;

import static dev.weir.runner.distributed.internal.protocol.Fields.intValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.longValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.record;
import static dev.weir.runner.distributed.internal.protocol.Fields.records;
import static dev.weir.runner.distributed.internal.protocol.Fields.string;
import static dev.weir.runner.distributed.internal.protocol.Fields.stringMap;

import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.runtime.snapshot.TaskSnapshot;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A {@link TaskSnapshot} as the generic record {@code dev.weir.distributed.TaskSnapshot} of
 * {@code task-report.avsc}, and back.
 */
final class SnapshotRecords {

  private final Schema snapshot;
  private final Schema part;
  private final Schema keyed;
  private final Schema operator;
  private final Schema handle;

  /** @param snapshot the {@code TaskSnapshot} record schema */
  SnapshotRecords(Schema snapshot) {
    this.snapshot = snapshot;
    this.part = Fields.recordOf(snapshot, "parts");
    this.keyed = Fields.recordOf(part, "keyed");
    this.operator = Fields.recordOf(part, "operatorState");
    this.handle = Fields.recordOf(keyed, "full");
  }

  GenericRecord toRecord(TaskSnapshot s) {
    GenericRecord r = new GenericData.Record(snapshot);
    List<GenericRecord> parts = new ArrayList<>();
    for (StepSnapshotPart p : s.parts()) {
      parts.add(toRecord(p));
    }
    r.put("parts", parts);
    r.put("syncMillis", s.syncMillis());
    r.put("asyncMillis", s.asyncMillis());
    r.put("alignmentMillis", s.alignmentMillis());
    return r;
  }

  private GenericRecord toRecord(StepSnapshotPart p) {
    GenericRecord r = new GenericData.Record(part);
    r.put("stepName", p.stepName());
    r.put("keyed", p.keyed() == null ? null : toRecord(p.keyed()));
    List<GenericRecord> ops = new ArrayList<>();
    for (OperatorStateHandle op : p.operatorState()) {
      GenericRecord o = new GenericData.Record(operator);
      o.put("kind", op.kind());
      o.put("subtask", op.subtask());
      o.put("schema", op.schema());
      o.put("handle", toRecord(op.handle()));
      ops.add(o);
    }
    r.put("operatorState", ops);
    r.put("stateSchemas", new LinkedHashMap<>(p.stateSchemas()));
    r.put("fullBytes", p.fullBytes());
    r.put("deltaBytes", p.deltaBytes());
    return r;
  }

  private GenericRecord toRecord(KeyedStateHandles k) {
    GenericRecord r = new GenericData.Record(keyed);
    r.put("keyGroupStart", k.keyGroupStart());
    r.put("keyGroupEndInclusive", k.keyGroupEndInclusive());
    r.put("full", toRecord(k.full()));
    List<GenericRecord> deltas = new ArrayList<>();
    for (StateHandle d : k.deltas()) {
      deltas.add(toRecord(d));
    }
    r.put("deltas", deltas);
    return r;
  }

  private GenericRecord toRecord(StateHandle h) {
    GenericRecord r = new GenericData.Record(handle);
    r.put("jobId", h.jobId());
    r.put("checkpointId", h.checkpointId());
    r.put("location", h.location());
    r.put("length", h.length());
    r.put("checksum", h.checksum());
    return r;
  }

  TaskSnapshot snapshot(GenericRecord r) {
    List<StepSnapshotPart> parts = new ArrayList<>();
    for (GenericRecord p : records(r, "parts")) {
      parts.add(part(p));
    }
    return new TaskSnapshot(List.copyOf(parts), longValue(r, "syncMillis"),
        longValue(r, "asyncMillis"), longValue(r, "alignmentMillis"));
  }

  private StepSnapshotPart part(GenericRecord r) {
    GenericRecord k = record(r, "keyed");
    List<OperatorStateHandle> ops = new ArrayList<>();
    for (GenericRecord o : records(r, "operatorState")) {
      ops.add(new OperatorStateHandle(string(o, "kind"), intValue(o, "subtask"),
          string(o, "schema"), handle(record(o, "handle"))));
    }
    return new StepSnapshotPart(string(r, "stepName"), k == null ? null : keyed(k),
        List.copyOf(ops), stringMap(r, "stateSchemas"), longValue(r, "fullBytes"),
        longValue(r, "deltaBytes"));
  }

  private KeyedStateHandles keyed(GenericRecord r) {
    List<StateHandle> deltas = new ArrayList<>();
    for (GenericRecord d : records(r, "deltas")) {
      deltas.add(handle(d));
    }
    return new KeyedStateHandles(intValue(r, "keyGroupStart"),
        intValue(r, "keyGroupEndInclusive"), handle(record(r, "full")), deltas);
  }

  private static StateHandle handle(GenericRecord r) {
    return new StateHandle(string(r, "jobId"), longValue(r, "checkpointId"),
        string(r, "location"), longValue(r, "length"), longValue(r, "checksum"));
  }
}
