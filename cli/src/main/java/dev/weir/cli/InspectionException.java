package dev.weir.cli;

/**
 * A checkpoint inspection command cannot do what was asked: the store directory, job,
 * checkpoint, step or state kind named on the command line does not exist, or the store is in
 * use. The message is one line that names the missing thing and what exists instead; the
 * command prints it and exits with code 2.
 */
final class InspectionException extends RuntimeException {

  InspectionException(String message) {
    super(message);
  }
}
