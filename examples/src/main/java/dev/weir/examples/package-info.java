/** Runnable example jobs and the {@code weir} command line. */
package dev.weir.examples;
