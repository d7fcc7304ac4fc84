/**
 * Internals of the console: HTTP handlers, JSON writing and reading, secret masking, the
 * token check. Used by {@code dev.weir.console} only.
 */
package dev.weir.console.internal;
