package dev.flock.web.backend;

import java.time.Instant;

/**
 * One of the signed-in user's sessions as the sessions page shows it: its id (to end it), when it
 * started ({@code startedText}: "unknown" for sessions older than that record), from where, and
 * whether it is the one looking.
 */
public record SessionView(String id, String startedText, String from, boolean current) {

  static SessionView of(String id, long startedAtEpochMilli, String from, boolean current) {
    String started =
        startedAtEpochMilli <= 0
            ? "unknown"
            : TimeText.exact(Instant.ofEpochMilli(startedAtEpochMilli));
    return new SessionView(id, started, from, current);
  }
}
