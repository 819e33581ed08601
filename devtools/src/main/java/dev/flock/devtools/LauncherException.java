package dev.flock.devtools;

/** A refusal or failure of a {@code ./flock} command, told to the developer in one line. */
class LauncherException extends RuntimeException {

  LauncherException(String message) {
    super(message);
  }

  /** A failure whose details have been printed already. */
  static final class Reported extends LauncherException {
    Reported() {
      super("");
    }
  }
}
