/**
 * The {@code weir} command line: the word-count demo, checkpoint inspection, the demo Kafka
 * broker and the distributed runner's commands ({@code weir bench} runs from the bench module,
 * see {@link dev.weir.cli.BenchCommand}). An application of the API, not a library: no compatibility
 * promise for its classes; its commands and output formats are documented in the README and
 * docs/operations.md.
 */
package dev.weir.cli;
