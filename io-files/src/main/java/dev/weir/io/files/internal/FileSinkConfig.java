package dev.weir.io.files.internal;

import java.nio.file.Path;

/**
 * The settings of a file sink.
 *
 * @param directory where part files go
 * @param format how records are encoded into a part file
 * @param rollBytes a part file is closed once it holds at least this many bytes
 * @param rollIntervalMillis ... or once it is this old when a record arrives
 * @param suffix of finished file names, e.g. {@code .txt}
 */
public record FileSinkConfig<T>(Path directory, PartFormat<T> format, long rollBytes,
    long rollIntervalMillis, String suffix) {
}
