package dev.weir.sdk.checkpoint;

import java.io.IOException;
import java.util.Objects;

/**
 * A {@link StateHandle} points to no blob in the store: the blob was discarded by retention,
 * never finished, or the handle comes from another store.
 */
public class BlobNotFoundException extends IOException {

  private final String location;

  /**
   * Creates the exception for {@code handle}; {@code where} names the store (e.g. its
   * directory) and {@code why} says what is known.
   */
  public BlobNotFoundException(StateHandle handle, String where, String why) {
    super("no " + handle.describe() + " in " + where + ": " + why);
    this.location = Objects.requireNonNull(handle.location(), "location");
  }

  /** The location of the missing blob. */
  public String location() {
    return location;
  }
}
