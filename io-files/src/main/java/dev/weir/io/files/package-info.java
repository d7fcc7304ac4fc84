/**
 * File-based sources and sinks, and the Chronicle Queue checkpoint store.
 *
 * <p><b>Tier: API</b> — used by pipelines and runner configuration; compatibility is kept
 * between releases. Implementation classes live in {@code dev.weir.io.files.internal}.
 */
package dev.weir.io.files;
