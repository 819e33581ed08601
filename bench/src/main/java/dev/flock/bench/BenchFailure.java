package dev.flock.bench;

/** Why {@code ./flock bench} stops: its message is printed as {@code bench: <message>}. */
final class BenchFailure extends RuntimeException {

  BenchFailure(String message) {
    super(message);
  }
}
