package dev.flock.bench;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The loader's calls, sent again when the backend answers that it could not do them for now
 * (UNAVAILABLE: a leader election, or etcd's deadline on a machine busy for a moment), so that an
 * hour-long load of shape XL does not end at its first hiccup. At most {@link #ATTEMPTS} tries, 1
 * s, 2 s, 4 s, ... apart.
 */
final class Retries {

  static final int ATTEMPTS = 6;

  private static final Set<Status.Code> FOR_NOW =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

  private final Duration firstPause;

  Retries(Duration firstPause) {
    this.firstPause = firstPause;
  }

  /** {@code call}, which is safe to repeat, until it is done. */
  <T> T repeatable(Supplier<T> call) {
    return until(call, () -> false);
  }

  /**
   * {@code call}, which is not safe to repeat (a post): before each new try, {@code tookEffect}
   * says whether the failed one was done after all, and then it is not sent again. The check is
   * sent again as a repeatable call (a check that met etcd's deadline ended an XL load).
   */
  void unlessDone(Runnable call, BooleanSupplier tookEffect) {
    until(
        () -> {
          call.run();
          return null;
        },
        tookEffect);
  }

  private <T> T until(Supplier<T> call, BooleanSupplier tookEffect) {
    Duration pause = firstPause;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        if (!FOR_NOW.contains(e.getStatus().getCode()) || attempt == ATTEMPTS) {
          throw e;
        }
        System.out.printf("  sending again after %s: %s%n", pause, e.getStatus());
        sleep(pause);
        pause = pause.multipliedBy(2);
        // the check is a read: itself sent again while the backend cannot answer it for now
        if (repeatable(tookEffect::getAsBoolean)) {
          return null;
        }
      }
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
