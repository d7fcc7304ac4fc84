/**
 * File-based sources and sinks: text and Avro sources with exact resume, and the exactly-once
 * file sink. The Chronicle Queue checkpoint store is a module of its own
 * ({@code dev.weir:weir-store-chronicle}, package {@code dev.weir.store.chronicle}).
 *
 * <p><b>Tier: API</b> — used by pipelines; compatibility is kept between releases.
 * Implementation classes live in {@code dev.weir.io.files.internal}.
 */
package dev.weir.io.files;
