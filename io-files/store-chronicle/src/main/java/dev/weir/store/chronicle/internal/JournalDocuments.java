package dev.weir.store.chronicle.internal;

import net.openhft.chronicle.bytes.Bytes;

/**
 * The layout of the journal's documents. Each Chronicle Queue document starts with a type byte
 * and a layout version byte (1), then (numbers little-endian, as Chronicle Bytes writes them):
 *
 * <pre>
 * 'C' chunk:    checkpointId:long  blobStart:long  chunkNo:int  last:byte  length:int  payload
 * 'M' manifest: checkpointId:long  crc32c:int  length:int  payload (Avro container of the manifest)
 * 'D' discard:  highestCheckpointId:long  count:int  checkpointId:long × count
 * </pre>
 *
 * {@code blobStart} is the queue index of the blob's first chunk (the first chunk holds its own
 * index), so the chunks of blobs written concurrently can interleave. A reader skips documents
 * of unknown types.
 */
final class JournalDocuments {

  static final byte CHUNK = 'C';
  static final byte MANIFEST = 'M';
  static final byte DISCARD = 'D';
  static final byte VERSION = 1;

  /** Bytes before a chunk's payload. */
  static final int CHUNK_HEADER = 2 + 8 + 8 + 4 + 1 + 4;

  private JournalDocuments() {}

  /** A chunk header as read. */
  record ChunkHeader(long checkpointId, long blobStart, int chunkNo, boolean last, int length) {}

  static void writeChunkHeader(Bytes<?> out, long checkpointId, long blobStart, int chunkNo,
      boolean last, int length) {
    out.writeByte(CHUNK).writeByte(VERSION);
    out.writeLong(checkpointId).writeLong(blobStart).writeInt(chunkNo);
    out.writeByte((byte) (last ? 1 : 0)).writeInt(length);
  }

  /** Reads a chunk header after the type byte; null if the document is too short for it. */
  static ChunkHeader readChunkHeader(Bytes<?> in) {
    if (in.readRemaining() < CHUNK_HEADER - 1) {
      return null;
    }
    in.readByte(); // version
    ChunkHeader header = new ChunkHeader(in.readLong(), in.readLong(), in.readInt(),
        in.readByte() != 0, in.readInt());
    return header.length() < 0 || header.length() > in.readRemaining() ? null : header;
  }

  static void writeManifest(Bytes<?> out, long checkpointId, int crc, byte[] payload) {
    out.writeByte(MANIFEST).writeByte(VERSION);
    out.writeLong(checkpointId).writeInt(crc).writeInt(payload.length);
    out.write(payload);
  }

  static void writeDiscard(Bytes<?> out, long highestCheckpointId, java.util.List<Long> ids) {
    out.writeByte(DISCARD).writeByte(VERSION);
    out.writeLong(highestCheckpointId).writeInt(ids.size());
    for (long id : ids) {
      out.writeLong(id);
    }
  }
}
