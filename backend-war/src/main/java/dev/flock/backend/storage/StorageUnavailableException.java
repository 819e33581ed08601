package dev.flock.backend.storage;

import dev.flock.core.FlockException;

/** The storage could not answer in time: the caller sees UNAVAILABLE, never a wrong answer. */
public class StorageUnavailableException extends FlockException {

  public StorageUnavailableException(String detail, Throwable cause) {
    super(
        Reason.UNAVAILABLE, "Flock's storage is temporarily unavailable (" + detail + ").", cause);
  }
}
