package dev.weir.runner.distributed.internal.protocol;

import static dev.weir.runner.distributed.internal.protocol.Fields.longValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.string;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** {@link JobRequest} as a generic record and back. */
final class RequestRecords {

  static final Schema SCHEMA = AvroMessageFormat.loadSchema("job-request.avsc");
  private static final Schema KIND = SCHEMA.getField("kind").schema();

  private RequestRecords() {}

  static GenericRecord toRecord(JobRequest r) {
    GenericRecord g = new GenericData.Record(SCHEMA);
    g.put("requestId", r.requestId());
    g.put("kind", new GenericData.EnumSymbol(KIND, r.kind().name()));
    g.put("requestedAtMillis", r.requestedAtMillis());
    return g;
  }

  static JobRequest request(GenericRecord g) {
    return new JobRequest(string(g, "requestId"),
        JobRequest.Kind.valueOf(g.get("kind").toString()), longValue(g, "requestedAtMillis"));
  }
}
