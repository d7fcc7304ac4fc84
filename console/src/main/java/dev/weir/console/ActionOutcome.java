package dev.weir.console;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an action did.
 *
 * @param action the action's name
 * @param jobState the job's state after it
 * @param checkpointId the checkpoint it took, if any
 * @param savepointPath the savepoint it wrote, if any
 * @param message a sentence for people
 */
public record ActionOutcome(String action, String jobState, OptionalLong checkpointId,
    Optional<String> savepointPath, String message) {
}
