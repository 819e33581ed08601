package dev.flock.backend.post;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Post ids that sort in publication order: 13 digits of epoch milliseconds, then 8 random hex
 * digits that keep ids from two backends in the same millisecond apart. Within one backend the
 * milliseconds never go backwards and never repeat, so its posts are strictly ordered.
 */
@ApplicationScoped
public class PostIds {

  private static final Pattern ID_SHAPE = Pattern.compile("[0-9]{13}[0-9a-f]{8}");

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

  /** True for a string of the shape {@link #next} makes: what a page of posts may start after. */
  public static boolean isPostId(String text) {
    return ID_SHAPE.matcher(text).matches();
  }

  /** The publication time encoded in an id. */
  public static long epochMilliOf(String id) {
    return Long.parseLong(id.substring(0, 13));
  }
}
