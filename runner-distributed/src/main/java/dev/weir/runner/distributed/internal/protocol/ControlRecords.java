package dev.weir.runner.distributed.internal.protocol;

import static dev.weir.runner.distributed.internal.protocol.Fields.intValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.longMap;
import static dev.weir.runner.distributed.internal.protocol.Fields.longValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.nullableString;
import static dev.weir.runner.distributed.internal.protocol.Fields.record;
import static dev.weir.runner.distributed.internal.protocol.Fields.string;
import static dev.weir.runner.distributed.internal.protocol.Fields.string;

import dev.weir.runner.distributed.internal.protocol.ControlMessage.Abort;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Complete;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.End;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Finish;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Pause;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Start;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Stop;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Trigger;
import java.util.LinkedHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** {@link ControlMessage}s as generic records ({@code control-message.avsc}) and back. */
final class ControlRecords {

  static final Schema SCHEMA = AvroMessageFormat.loadSchema("control-message.avsc");
  private static final Schema START = Fields.branch(SCHEMA, "message", "Start");
  private static final Schema TRIGGER = Fields.branch(SCHEMA, "message", "Trigger");
  private static final Schema COMPLETE = Fields.branch(SCHEMA, "message", "Complete");
  private static final Schema ABORT = Fields.branch(SCHEMA, "message", "Abort");
  private static final Schema FINISH = Fields.branch(SCHEMA, "message", "Finish");
  private static final Schema END = Fields.branch(SCHEMA, "message", "End");
  private static final Schema PAUSE = Fields.branch(SCHEMA, "message", "Pause");
  private static final Schema STOP = Fields.branch(SCHEMA, "message", "Stop");

  private ControlRecords() {}

  static GenericRecord toRecord(ControlMessage message) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("epoch", message.epoch());
    r.put("message", body(message));
    return r;
  }

  private static GenericRecord body(ControlMessage message) {
    if (message instanceof Start m) {
      GenericRecord b = new GenericData.Record(START);
      b.put("rebalanceId", m.rebalanceId());
      b.put("restoreCheckpointId", m.restoreCheckpointId());
      b.put("restarts", m.restarts());
      b.put("startOffsets", new LinkedHashMap<>(m.startOffsets()));
      return b;
    } else if (message instanceof Trigger m) {
      GenericRecord b = new GenericData.Record(TRIGGER);
      b.put("checkpointId", m.checkpointId());
      b.put("timestamp", m.timestamp());
      return b;
    } else if (message instanceof Complete m) {
      GenericRecord b = new GenericData.Record(COMPLETE);
      b.put("checkpointId", m.checkpointId());
      return b;
    } else if (message instanceof Abort m) {
      GenericRecord b = new GenericData.Record(ABORT);
      b.put("checkpointId", m.checkpointId());
      return b;
    } else if (message instanceof Finish) {
      return new GenericData.Record(FINISH);
    } else if (message instanceof Pause) {
      return new GenericData.Record(PAUSE);
    } else if (message instanceof Stop m) {
      GenericRecord b = new GenericData.Record(STOP);
      b.put("checkpointId", m.checkpointId());
      return b;
    } else if (message instanceof End m) {
      GenericRecord b = new GenericData.Record(END);
      b.put("state", m.state());
      b.put("failure", m.failure());
      return b;
    }
    throw new IllegalStateException("no encoding for control message " + message);
  }

  static ControlMessage message(GenericRecord r) {
    long epoch = longValue(r, "epoch");
    GenericRecord b = record(r, "message");
    String kind = b.getSchema().getName();
    return switch (kind) {
      case "Start" -> new Start(epoch, string(b, "rebalanceId"),
          longValue(b, "restoreCheckpointId"), intValue(b, "restarts"),
          longMap(b, "startOffsets"));
      case "Trigger" -> new Trigger(epoch, longValue(b, "checkpointId"),
          longValue(b, "timestamp"));
      case "Complete" -> new Complete(epoch, longValue(b, "checkpointId"));
      case "Abort" -> new Abort(epoch, longValue(b, "checkpointId"));
      case "Finish" -> new Finish(epoch);
      case "End" -> new End(epoch, string(b, "state"), nullableString(b, "failure"));
      case "Pause" -> new Pause(epoch);
      case "Stop" -> new Stop(epoch, longValue(b, "checkpointId"));
      default -> throw new IllegalArgumentException("unknown control message kind " + kind);
    };
  }
}
