/**
 * The web console and REST API of Weir jobs ({@code weir-console}): {@link
 * dev.weir.console.WeirConsole} serves what a {@link dev.weir.console.JobSource} reports;
 * {@link dev.weir.console.RegisteredJobs} is the source of the jobs this JVM runs. Uses the
 * sdk's API and SPI only (an ArchUnit rule checks it), so any runner can feed it.
 */
package dev.weir.console;
