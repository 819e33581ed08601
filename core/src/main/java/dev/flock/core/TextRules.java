package dev.flock.core;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How Flock reads what people type, in one place for both storages: names and posts are compared
 * and stored in Unicode NFC, names in lower case, and a post's length is counted in characters as
 * people count them (code points: an emoji is one), not in UTF-16 units.
 */
public final class TextRules {

  private TextRules() {}

  /**
   * A username as stored and compared: NFC, lower case, without surrounding white space. Every name
   * a caller sends is read this way, so {@code Bob} and {@code bob} are one user.
   */
  public static String username(String typed) {
    return typed == null
        ? ""
        : Normalizer.normalize(typed.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  /** A post's text as stored: NFC, line breaks as {@code \n}, without surrounding white space. */
  public static String postText(String typed) {
    return typed == null
        ? null
        : Normalizer.normalize(typed.replace("\r\n", "\n").strip(), Normalizer.Form.NFC);
  }

  /** The length of {@code text} as people count it. */
  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  /**
   * True when {@code text} holds a character no post may carry: a control character other than a
   * line break or tab (NUL, escape sequences), or a bidirectional embedding, override or isolate,
   * which can make a post (and the page around it) display other than it reads.
   */
  public static boolean hasForbiddenCharacter(String text) {
    return text.codePoints().anyMatch(TextRules::isForbidden);
  }

  private static boolean isForbidden(int c) {
    boolean control = Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t';
    boolean bidiControl = (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    return control || bidiControl;
  }
}
