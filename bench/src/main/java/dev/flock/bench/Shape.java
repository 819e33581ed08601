package dev.flock.bench;

import dev.flock.core.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A data set of WORKLOAD.md: users {@code u000}..{@code u<U-1>}, user i follows (i + 37k) mod U for
 * k = 1..F (skipping itself), and P posts of 100 ASCII characters per user.
 */
record Shape(String name, int users, int follows, int posts) {

  static final String PASSWORD = "Passw0rd1";
  static final int TEXT_LENGTH = 100;

  /** The site's page size, as the web tier asks for its feed pages. */
  static final int PAGE_SIZE = Limits.PAGE_SIZE;

  static Shape of(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "S" -> new Shape("S", 100, 2, 5);
      case "L" -> new Shape("L", 100, 10, 10);
      case "XL" -> new Shape("XL", 10_000, 50, 100);
      // --smoke only: small enough to load in a second, same rules (every feed holds 10 posts)
      case "TINY" -> new Shape("TINY", 16, 2, 5);
      default -> throw new IllegalArgumentException("shape must be S, L, XL or TINY, not " + name);
    };
  }

  /** u000 ... u099; at least three digits, more for larger shapes (u00000 for XL). */
  String user(int i) {
    int digits = Math.max(3, String.valueOf(users - 1).length());
    return "u" + String.format("%0" + digits + "d", i);
  }

  /** Whom user i follows, in k order, without itself and without repeats. */
  List<Integer> followed(int i) {
    List<Integer> targets = new ArrayList<>();
    for (int k = 1; k <= follows; k++) {
      int target = (int) ((i + 37L * k) % users);
      if (target != i && !targets.contains(target)) {
        targets.add(target);
      }
    }
    return targets;
  }

  /**
   * Whom user i follows and unfollows in FOLLOW runs: the next user, whom user i does not follow in
   * any shape (37k mod U is never 1 here), so the pair leaves the graph as it was and no two users
   * share one.
   */
  int followTarget(int i) {
    int target = (i + 1) % users;
    if (followed(i).contains(target)) {
      throw new IllegalStateException(user(i) + " already follows " + user(target));
    }
    return target;
  }

  /** Post p of user i: 100 ASCII characters, the same in every run. */
  String text(int i, int p) {
    StringBuilder text = new StringBuilder(String.format("%s post %03d: ", user(i), p));
    String filler = "the quick brown fox jumps over the lazy dog 0123456789 ";
    while (text.length() < TEXT_LENGTH) {
      text.append(filler);
    }
    return text.substring(0, TEXT_LENGTH);
  }

  /** Posts on the first page of user i's home feed right after loading. */
  int firstFeedPage(int i) {
    return Math.min(PAGE_SIZE, followed(i).size() * posts);
  }
}
