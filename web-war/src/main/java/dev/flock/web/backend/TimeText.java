package dev.flock.web.backend;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How pages write a moment: exactly ("4 Dec 2026, 11:45 UTC"), or how long ago it was ("5 min
 * ago"). In UTC and in English, like the rest of the site, whatever the server's default locale.
 */
final class TimeText {

  private static final DateTimeFormatter EXACT = inUtc("d MMM yyyy, HH:mm 'UTC'");
  private static final DateTimeFormatter DAY = inUtc("d MMM");
  private static final DateTimeFormatter DAY_AND_YEAR = inUtc("d MMM yyyy");

  private TimeText() {}

  static String exact(Instant moment) {
    return EXACT.format(moment);
  }

  /**
   * How long before {@code now} {@code moment} was: "just now", "5 min ago", "3 h ago", "2 d ago";
   * from a week on the day, with its year when that is not this year.
   */
  static String relative(Instant moment, Instant now) {
    Duration age = Duration.between(moment, now);
    // A moment ahead of now is "just now" too: the backend that stamped it may run a little ahead
    // of this web instance's clock.
    if (age.compareTo(Duration.ofMinutes(1)) < 0) {
      return "just now";
    }
    if (age.compareTo(Duration.ofHours(1)) < 0) {
      return age.toMinutes() + " min ago";
    }
    if (age.compareTo(Duration.ofDays(1)) < 0) {
      return age.toHours() + " h ago";
    }
    if (age.compareTo(Duration.ofDays(7)) < 0) {
      return age.toDays() + " d ago";
    }
    return (year(moment) == year(now) ? DAY : DAY_AND_YEAR).format(moment);
  }

  private static int year(Instant moment) {
    return moment.atOffset(ZoneOffset.UTC).getYear();
  }

  private static DateTimeFormatter inUtc(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withZone(ZoneOffset.UTC);
  }
}
