package dev.flock.backend.post;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Post ids that sort in publication order: 13 digits of epoch milliseconds, then 8 random hex
 * digits that keep ids from two backends in the same millisecond apart. Within one backend the
 * milliseconds never go backwards and never repeat, so its posts are strictly ordered.
 */
@ApplicationScoped
public class PostIds {

  private final AtomicLong lastMillis = new AtomicLong();
  private final SecureRandom random = new SecureRandom();
  private Clock clock;

  protected PostIds() {} // for CDI proxies

  @Inject
  public PostIds(Clock clock) {
    this.clock = clock;
  }

  public String next() {
    long now = clock.millis();
    long millis = lastMillis.accumulateAndGet(now, (last, current) -> Math.max(last + 1, current));
    return String.format("%013d%08x", millis, random.nextInt());
  }

  /** The publication time encoded in an id. */
  public static long epochMilliOf(String id) {
    return Long.parseLong(id.substring(0, 13));
  }
}
