package dev.flock.bench;

import java.util.Map;

/**
 * The warm-up is for the JIT (WORKLOAD.md). On two shared cores C2 keeps one core busy for several
 * minutes after boot (measured: 5-8 min, while the page rate rose 2-3x), so a fixed 60-120 s
 * measures a half-compiled site. After {@code --warmup}, it warms on in 20 s steps until the JIT is
 * idle (both JVMs together compiled for less than 2 s in the last step), within {@code
 * --warmup-max}.
 */
final class WarmUp {

  private static final long STEP_SECONDS = 20;
  private static final double SETTLED_BELOW_SECONDS = 2;

  /** How long it warmed up in all, and what became of the JIT, for the results. */
  record Outcome(long seconds, String note) {}

  private WarmUp() {}

  /**
   * WARM (90 % FEED, 9 % FOLLOW pairs, 1 % LOGIN) at {@code conns} connections.
   *
   * @param jvms the JVMs whose JIT must settle
   */
  static Outcome run(Wrk wrk, int conns, long seconds, long maxSeconds, Map<String, Long> jvms) {
    Console.say(
        "warming up for %d s (WARM: 90%% FEED, 9%% FOLLOW pairs, 1%% LOGIN at %d connections)",
        seconds, conns);
    wrk.run("WARM", conns, seconds, 0, Map.of());
    long spent = seconds;
    boolean settled = false;
    while (spent + STEP_SECONDS <= maxSeconds) {
      double before = JitClock.compileSeconds(jvms.values());
      wrk.run("WARM", conns, STEP_SECONDS, 0, Map.of());
      spent += STEP_SECONDS;
      double compiled = JitClock.compileSeconds(jvms.values()) - before;
      Console.say(
          "warm-up at %d s: the JIT compiled for %.1f s in the last %d s",
          spent, compiled, STEP_SECONDS);
      if (compiled < SETTLED_BELOW_SECONDS) {
        settled = true;
        break;
      }
    }
    String note = "";
    if (maxSeconds > seconds) {
      note = settled ? ", the JIT settled" : ", the JIT had NOT settled";
    }
    note +=
        " (JIT compile time so far: %s s, both JVMs)"
            .formatted(Console.number(JitClock.compileSeconds(jvms.values())));
    return new Outcome(spent, note);
  }
}
