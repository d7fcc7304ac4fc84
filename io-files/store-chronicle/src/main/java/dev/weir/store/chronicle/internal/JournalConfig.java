package dev.weir.store.chronicle.internal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;

/**
 * Settings of every job journal of one store.
 *
 * @param rollCycle how often a new queue file starts; the unit of retention
 * @param time the clock that picks the roll cycle
 * @param chunkSize the largest payload of one chunk document
 */
public record JournalConfig(RollCycle rollCycle, TimeProvider time, int chunkSize) {

  /** Chronicle's block size: a document must fit in a quarter of a block. */
  long blockSize() {
    return Math.max(16L << 20, 8L * chunkSize);
  }
}
