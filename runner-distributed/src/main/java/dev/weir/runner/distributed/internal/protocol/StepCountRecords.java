package dev.weir.runner.distributed.internal.protocol;

import dev.weir.sdk.SubtaskMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * {@link SubtaskMetrics} as the Avro record {@code StepCount}, and {@link StepRate} as the
 * record {@code StepRate}, of reports and statuses.
 */
final class StepCountRecords {
  private StepCountRecords() {}

  static List<GenericRecord> toRecords(Schema arraySchema, List<SubtaskMetrics> steps) {
    return items(arraySchema, steps, (m, r) -> {
      r.put("step", m.stepName());
      r.put("subtask", m.subtask());
      r.put("recordsIn", m.recordsIn());
      r.put("recordsOut", m.recordsOut());
      r.put("watermark", m.watermark());
    });
  }

  static List<SubtaskMetrics> metrics(GenericRecord r, String field) {
    List<SubtaskMetrics> out = new ArrayList<>();
    for (GenericRecord m : Fields.records(r, field)) {
      out.add(new SubtaskMetrics(Fields.string(m, "step"), Fields.intValue(m, "subtask"),
          Fields.longValue(m, "recordsIn"), Fields.longValue(m, "recordsOut"),
          Fields.longValue(m, "watermark")));
    }
    return out;
  }

  static List<GenericRecord> toRateRecords(Schema arraySchema, List<StepRate> rates) {
    return items(arraySchema, rates, (rate, r) -> {
      r.put("step", rate.step());
      r.put("recordsInPerSecond", rate.recordsInPerSecond());
      r.put("recordsOutPerSecond", rate.recordsOutPerSecond());
    });
  }

  /** One record of the array's element type per value, filled by {@code fill}. */
  private static <T> List<GenericRecord> items(Schema arraySchema, List<T> values,
      BiConsumer<T, GenericRecord> fill) {
    Schema item = arraySchema.getElementType();
    List<GenericRecord> out = new ArrayList<>(values.size());
    for (T value : values) {
      GenericRecord r = new GenericData.Record(item);
      fill.accept(value, r);
      out.add(r);
    }
    return out;
  }

  static List<StepRate> rates(GenericRecord r, String field) {
    List<StepRate> out = new ArrayList<>();
    for (GenericRecord m : Fields.records(r, field)) {
      out.add(new StepRate(Fields.string(m, "step"), Fields.doubleValue(m, "recordsInPerSecond"),
          Fields.doubleValue(m, "recordsOutPerSecond")));
    }
    return out;
  }
}
