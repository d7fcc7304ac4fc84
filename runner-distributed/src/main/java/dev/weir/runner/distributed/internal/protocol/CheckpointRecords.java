package dev.weir.runner.distributed.internal.protocol;

import static dev.weir.runner.distributed.internal.protocol.Fields.longMap;
import static dev.weir.runner.distributed.internal.protocol.Fields.longValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.string;

import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.CheckpointTrigger;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** {@link CompletedCheckpoint} as a generic record and back. */
final class CheckpointRecords {

  static final Schema SCHEMA = AvroMessageFormat.loadSchema("completed-checkpoint.avsc");
  /** Completed checkpoints as written before they carried their trigger and savepoint mark. */
  static final Schema WITHOUT_TRIGGER =
      AvroMessageFormat.loadSchema("completed-checkpoint-without-trigger.avsc");

  private CheckpointRecords() {}

  static GenericRecord toRecord(CompletedCheckpoint c) {
    CheckpointMetrics m = c.metrics();
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("epoch", c.epoch());
    r.put("checkpointId", m.checkpointId());
    r.put("triggerTimestamp", m.triggerTimestamp());
    r.put("durationMs", m.durationMs());
    r.put("syncMsMax", m.syncMsMax());
    r.put("asyncMsMax", m.asyncMsMax());
    r.put("alignmentMsMax", m.alignmentMsMax());
    r.put("fullBytes", m.fullBytes());
    r.put("deltaBytes", m.deltaBytes());
    r.put("bytesPerStep", new TreeMap<>(m.bytesPerStep()));
    r.put("trigger", m.trigger().name());
    r.put("savepoint", m.savepoint());
    return r;
  }

  static CompletedCheckpoint checkpoint(GenericRecord r) {
    return new CompletedCheckpoint(longValue(r, "epoch"), new CheckpointMetrics(
        longValue(r, "checkpointId"), longValue(r, "triggerTimestamp"),
        longValue(r, "durationMs"), longValue(r, "syncMsMax"), longValue(r, "asyncMsMax"),
        longValue(r, "alignmentMsMax"), longValue(r, "fullBytes"), longValue(r, "deltaBytes"),
        longMap(r, "bytesPerStep"), trigger(string(r, "trigger")),
        Fields.booleanValue(r, "savepoint")));
  }

  private static CheckpointTrigger trigger(String name) {
    try {
      return CheckpointTrigger.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trigger of a completed checkpoint must be one of "
          + java.util.Arrays.toString(CheckpointTrigger.values()) + ", was '" + name + "'", e);
    }
  }
}
