package dev.weir.runtime.serde;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileConstants;

/**
 * Writes an Avro object container file (codec {@code null}) whose entries are encoded by the
 * caller straight into the current block through {@link #encoder()}: each entry is encoded
 * once, in place, with no per-entry buffer hand-off. The file is what Avro's
 * {@code DataFileWriter} writes for the same schema, entries and sync marker (the header holds
 * {@code avro.schema} only, which means no compression; a block is its entry count, its byte
 * length, the entries and the sync marker), so {@code DataFileReader}, {@code DataFileStream}
 * and avro-tools read it.
 *
 * <p>Usage: encode one entry with {@link #encoder()}, then call {@link #endEntry()}; if encoding
 * an entry fails, {@link #abortEntry()} drops its partial bytes. {@link #close()} writes the
 * last block and flushes the stream without closing it.
 *
 * <p>Not thread-safe.
 */
public final class ContainerWriter implements Closeable {
  private final OutputStream out;
  private final int blockBytes;
  private final byte[] sync;
  private final ArrayEncoder block;
  private final ArrayEncoder frame = new ArrayEncoder(32);
  private long blockCount;
  private long entries;
  /** Where the entry being encoded starts in {@link #block}. */
  private int entryStart;
  private boolean closed;

  /**
   * Starts a container on {@code out} (written to; never closed here): the header now, then
   * blocks of about {@code blockBytes} bytes.
   */
  public ContainerWriter(OutputStream out, Schema schema, int blockBytes) throws IOException {
    this(out, schema, blockBytes, randomSync());
  }

  /** As {@link #ContainerWriter(OutputStream, Schema, int)} with a given 16-byte sync marker. */
  public ContainerWriter(OutputStream out, Schema schema, int blockBytes, byte[] sync)
      throws IOException {
    if (blockBytes < 16 || blockBytes > (1 << 30)) {
      throw new IllegalArgumentException("a block size is between 16 bytes and 1 GiB, got "
          + blockBytes);
    }
    if (sync.length != DataFileConstants.SYNC_SIZE) {
      throw new IllegalArgumentException("a sync marker has " + DataFileConstants.SYNC_SIZE
          + " bytes, got " + sync.length);
    }
    this.out = out;
    this.blockBytes = blockBytes;
    this.sync = sync.clone();
    this.block = new ArrayEncoder(blockBytes + (blockBytes >> 2));
    ArrayEncoder header = new ArrayEncoder(256);
    header.writeFixed(DataFileConstants.MAGIC, 0, DataFileConstants.MAGIC.length);
    // The metadata: the schema only. Without avro.codec a reader uses the null codec, and
    // DataFileWriter leaves it out too when there is no compression.
    header.writeMapStart();
    header.setItemCount(1);
    header.startItem();
    header.writeString(DataFileConstants.SCHEMA);
    byte[] schemaJson = schema.toString().getBytes(StandardCharsets.UTF_8);
    header.writeBytes(schemaJson, 0, schemaJson.length);
    header.writeMapEnd();
    header.writeFixed(this.sync, 0, this.sync.length);
    out.write(header.array(), 0, header.position());
  }

  private static byte[] randomSync() {
    byte[] s = new byte[DataFileConstants.SYNC_SIZE];
    ThreadLocalRandom.current().nextBytes(s);
    return s;
  }

  /** The encoder of the current block: encode one entry, then call {@link #endEntry()}. */
  public ArrayEncoder encoder() {
    return block;
  }

  /** Ends the entry just encoded; writes the block out once it reached the block size. */
  public void endEntry() throws IOException {
    if (closed) {
      throw new IllegalStateException("the container is closed");
    }
    blockCount++;
    entries++;
    if (block.position() >= blockBytes) {
      writeBlock();
    }
    entryStart = block.position();
  }

  /**
   * Drops what was encoded since the last {@link #endEntry()} (an entry whose encoding failed
   * part way), so the block holds whole entries only.
   */
  public void abortEntry() {
    block.truncate(entryStart);
  }

  /** Entries written so far. */
  public long entries() {
    return entries;
  }

  private void writeBlock() throws IOException {
    if (blockCount == 0) {
      return;
    }
    frame.reset();
    frame.writeLong(blockCount);
    frame.writeLong(block.position());
    out.write(frame.array(), 0, frame.position());
    out.write(block.array(), 0, block.position());
    out.write(sync, 0, sync.length);
    block.reset();
    blockCount = 0;
  }

  /** Writes the last block and flushes; the stream stays open. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    writeBlock();
    out.flush();
  }
}
