/**
 * The Chronicle Queue checkpoint store: an append-only journal per job in a directory, state
 * blobs as documents, the manifest after them, retention by whole roll-cycle files.
 *
 * <p><b>Tier: API</b> — used by runner configuration; compatibility is kept between releases.
 * Needs the JVM flags listed in {@link dev.weir.store.chronicle.ChronicleQueueCheckpointStore}.
 * Implementation classes live in {@code dev.weir.store.chronicle.internal}.
 */
package dev.weir.store.chronicle;
