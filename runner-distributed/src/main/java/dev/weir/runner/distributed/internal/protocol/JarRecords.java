package dev.weir.runner.distributed.internal.protocol;

import static dev.weir.runner.distributed.internal.protocol.Fields.intValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.longValue;
import static dev.weir.runner.distributed.internal.protocol.Fields.string;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** {@link JarHeader} and {@link JarChunk} as generic records and back. */
final class JarRecords {

  static final Schema HEADER = AvroMessageFormat.loadSchema("jar-header.avsc");
  static final Schema CHUNK = AvroMessageFormat.loadSchema("jar-chunk.avsc");

  private JarRecords() {}

  static GenericRecord toRecord(JarHeader h) {
    GenericRecord r = new GenericData.Record(HEADER);
    r.put("sha256", h.sha256());
    r.put("name", h.name());
    r.put("sizeBytes", h.sizeBytes());
    r.put("chunkCount", h.chunkCount());
    r.put("firstChunkOffset", h.firstChunkOffset());
    r.put("lastChunkOffset", h.lastChunkOffset());
    r.put("uploadedAtMillis", h.uploadedAtMillis());
    return r;
  }

  static JarHeader header(GenericRecord r) {
    return new JarHeader(string(r, "sha256"), string(r, "name"), longValue(r, "sizeBytes"),
        intValue(r, "chunkCount"), longValue(r, "firstChunkOffset"),
        longValue(r, "lastChunkOffset"), longValue(r, "uploadedAtMillis"));
  }

  static GenericRecord toRecord(JarChunk c) {
    GenericRecord r = new GenericData.Record(CHUNK);
    r.put("sha256", c.sha256());
    r.put("index", c.index());
    r.put("data", ByteBuffer.wrap(c.data()));
    return r;
  }

  static JarChunk chunk(GenericRecord r) {
    ByteBuffer b = (ByteBuffer) r.get("data");
    byte[] data = new byte[b.remaining()];
    b.get(data);
    return new JarChunk(string(r, "sha256"), intValue(r, "index"), data);
  }
}
