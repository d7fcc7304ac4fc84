/**
 * Time and timers for the runtime: the {@link dev.weir.runtime.time.Scheduler} that protocol code
 * uses instead of threads and sleeps, a manual clock and scheduler for tests, and the system
 * scheduler for production.
 *
 * <p><b>Internal, no compatibility promise.</b> Users never import this package; it may change in
 * any release.
 */
package dev.weir.runtime.time;
