package dev.flock.core;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mentions ({@code @name}) and hashtags ({@code #tag}) in a post's text, read the same way by
 * the backend (which lists a post under each) and the web tier (which makes them links).
 *
 * <p>A mention is {@code @} and a username (3 to 20 of {@code a-z0-9_}, in any case); a hashtag is
 * {@code #} and 1 to 50 letters, digits or {@code _}, not all digits. Either must start the text or
 * follow a character that is not a letter, digit or {@code _} (so {@code a@b.example} and {@code
 * x#1} are neither), and must not run on into one ({@code @toolongname...} is not cut). Names and
 * tags are compared in lower case NFC, as {@link TextRules#username} reads names.
 */
public final class PostText {

  /** The most mentions or hashtags of one post that it is listed under. */
  public static final int MAX_LINKS = 10;

  private static final Pattern LINK =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}_])(?:@([A-Za-z0-9_]{3,"
              + Limits.USERNAME_MAX_LENGTH
              + "})|#([\\p{L}\\p{M}\\p{N}_]{1,50}))(?![\\p{L}\\p{M}\\p{N}_])");

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private PostText() {}

  /** A piece of a post's text: plain text, a mention (of {@code target}) or a hashtag. */
  public record Part(String text, Kind kind, String target) {

    public enum Kind {
      TEXT,
      MENTION,
      TAG
    }

    public boolean isPlain() {
      return kind == Kind.TEXT;
    }

    public boolean isMention() {
      return kind == Kind.MENTION;
    }

    public boolean isTag() {
      return kind == Kind.TAG;
    }
  }

  /**
   * The text in order, split into plain text, mentions and hashtags; one plain part for a text
   * without either.
   */
  public static List<Part> parts(String text) {
    List<Part> parts = new ArrayList<>();
    Matcher link = LINK.matcher(text);
    int from = 0;
    while (link.find()) {
      if (link.group(2) != null && DIGITS.matcher(link.group(2)).matches()) {
        continue; // "#1" is a number, not a tag
      }
      if (link.start() > from) {
        parts.add(new Part(text.substring(from, link.start()), Part.Kind.TEXT, ""));
      }
      parts.add(
          link.group(1) != null
              ? new Part(link.group(), Part.Kind.MENTION, TextRules.username(link.group(1)))
              : new Part(link.group(), Part.Kind.TAG, tag(link.group(2))));
      from = link.end();
    }
    if (from < text.length() || parts.isEmpty()) {
      parts.add(new Part(text.substring(from), Part.Kind.TEXT, ""));
    }
    return parts;
  }

  /** The names a post mentions, each once, in order, at most {@link #MAX_LINKS}. */
  public static Set<String> mentions(String text) {
    return targets(text, Part.Kind.MENTION);
  }

  /** The hashtags of a post, each once (lower case), in order, at most {@link #MAX_LINKS}. */
  public static Set<String> tags(String text) {
    return targets(text, Part.Kind.TAG);
  }

  /**
   * A hashtag as it is compared and looked up: NFC, lower case; null when {@code typed} (e.g. from
   * a URL) is not one.
   */
  public static String tagOrNull(String typed) {
    if (typed == null) {
      return null;
    }
    List<Part> parts = parts("#" + typed.strip());
    return parts.size() == 1 && parts.getFirst().isTag() ? parts.getFirst().target() : null;
  }

  private static String tag(String typed) {
    return Normalizer.normalize(typed, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  private static Set<String> targets(String text, Part.Kind kind) {
    Set<String> targets = new LinkedHashSet<>();
    for (Part part : parts(text)) {
      if (part.kind() == kind && targets.size() < MAX_LINKS) {
        targets.add(part.target());
      }
    }
    return targets;
  }
}
