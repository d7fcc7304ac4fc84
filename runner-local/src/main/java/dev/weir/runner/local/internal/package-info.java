/**
 * The local runner's internals: in-memory channels and the job driver. Internal: no
 * compatibility promise.
 */
package dev.weir.runner.local.internal;
