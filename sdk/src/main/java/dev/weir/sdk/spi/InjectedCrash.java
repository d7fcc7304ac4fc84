package dev.weir.sdk.spi;

/**
 * Thrown by a {@link FaultInjector} hook to simulate a crash; on the asynchronous snapshot
 * path it fails the whole job (as a dying process would), not only the checkpoint.
 */
public class InjectedCrash extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InjectedCrash(String message) {
    super(message);
  }
}
