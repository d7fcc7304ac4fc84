package dev.weir.runner.distributed.internal.protocol;

import static dev.weir.runner.distributed.internal.protocol.Fields.intValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.longMap;
import static dev.weir.runner.distributed.internal.protocol.Fields.longValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.record;
import static dev.weir.runner.distributed.internal.protocol.Fields.string;

import dev.weir.runner.distributed.internal.protocol.TaskReport.Ack;
import dev.weir.runner.distributed.internal.protocol.TaskReport.Decline;
import dev.weir.runner.distributed.internal.protocol.TaskReport.Ended;
import dev.weir.runner.distributed.internal.protocol.TaskReport.Failed;
import dev.weir.runner.distributed.internal.protocol.TaskReport.InputEnded;
import dev.weir.runner.distributed.internal.protocol.TaskReport.RecordsRead;
import dev.weir.runtime.checkpoint.TaskId;
import java.util.LinkedHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** {@link TaskReport}s as generic records ({@code task-report.avsc}) and back. */
final class ReportRecords {

  static final Schema SCHEMA = AvroMessageFormat.loadSchema("task-report.avsc");
  /** Task reports as written before Metrics carried rates: decoded without rates. */
  static final Schema WITHOUT_RATES =
      AvroMessageFormat.loadSchema("task-report-without-rates.avsc");
  private static final Schema TASK = SCHEMA.getField("task").schema();
  private static final Schema ACK = Fields.branch(SCHEMA, "report", "Ack");
  private static final Schema DECLINE = Fields.branch(SCHEMA, "report", "Decline");
  private static final Schema INPUT_ENDED = Fields.branch(SCHEMA, "report", "InputEnded");
  private static final Schema FAILED = Fields.branch(SCHEMA, "report", "Failed");
  private static final Schema ENDED = Fields.branch(SCHEMA, "report", "Ended");
  private static final Schema METRICS = Fields.branch(SCHEMA, "report", "Metrics");
  private static final Schema RECORDS_READ = Fields.branch(SCHEMA, "report", "RecordsRead");
  private static final SnapshotRecords SNAPSHOTS =
      new SnapshotRecords(ACK.getField("snapshot").schema());

  private ReportRecords() {}

  static GenericRecord toRecord(TaskReport report) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("epoch", report.epoch());
    GenericRecord task = new GenericData.Record(TASK);
    task.put("chain", report.task().chain());
    task.put("subtask", report.task().subtask());
    r.put("task", task);
    r.put("report", body(report));
    return r;
  }

  private static GenericRecord body(TaskReport report) {
    if (report instanceof Ack a) {
      GenericRecord b = new GenericData.Record(ACK);
      b.put("checkpointId", a.checkpointId());
      b.put("snapshot", SNAPSHOTS.toRecord(a.snapshot()));
      b.put("inputPositions", new LinkedHashMap<>(a.inputPositions()));
      return b;
    } else if (report instanceof Decline d) {
      GenericRecord b = new GenericData.Record(DECLINE);
      b.put("checkpointId", d.checkpointId());
      b.put("error", d.error());
      return b;
    } else if (report instanceof InputEnded) {
      return new GenericData.Record(INPUT_ENDED);
    } else if (report instanceof Failed f) {
      GenericRecord b = new GenericData.Record(FAILED);
      b.put("error", f.error());
      return b;
    } else if (report instanceof Ended) {
      return new GenericData.Record(ENDED);
    } else if (report instanceof TaskReport.Metrics m) {
      GenericRecord b = new GenericData.Record(METRICS);
      b.put("steps", StepCountRecords.toRecords(METRICS.getField("steps").schema(), m.steps()));
      b.put("rates", StepCountRecords.toRateRecords(METRICS.getField("rates").schema(), m.rates()));
      b.put("backpressureRatio", m.backpressureRatio());
      return b;
    } else if (report instanceof RecordsRead n) {
      GenericRecord b = new GenericData.Record(RECORDS_READ);
      b.put("records", n.records());
      return b;
    }
    throw new IllegalStateException("no encoding for task report " + report);
  }

  static TaskReport report(GenericRecord r) {
    long epoch = longValue(r, "epoch");
    GenericRecord t = record(r, "task");
    TaskId task = new TaskId(string(t, "chain"), intValue(t, "subtask"));
    GenericRecord b = record(r, "report");
    String kind = b.getSchema().getName();
    return switch (kind) {
      case "Ack" -> new Ack(epoch, task, longValue(b, "checkpointId"),
          SNAPSHOTS.snapshot(record(b, "snapshot")), longMap(b, "inputPositions"));
      case "Decline" -> new Decline(epoch, task, longValue(b, "checkpointId"),
          string(b, "error"));
      case "InputEnded" -> new InputEnded(epoch, task);
      case "Failed" -> new Failed(epoch, task, string(b, "error"));
      case "Ended" -> new Ended(epoch, task);
      case "RecordsRead" -> new RecordsRead(epoch, task, longValue(b, "records"));
      case "Metrics" -> new TaskReport.Metrics(epoch, task, StepCountRecords.metrics(b, "steps"),
          StepCountRecords.rates(b, "rates"), Fields.doubleValue(b, "backpressureRatio"));
      default -> throw new IllegalArgumentException("unknown task report kind " + kind);
    };
  }
}
