package dev.flock.bench;

import java.math.BigDecimal;
import java.util.Locale;

/** The runner's progress lines on stderr ({@code bench: ...}); stdout carries only the results. */
final class Console {

  private Console() {}

  static void say(String format, Object... args) {
    System.err.println("bench: " + String.format(Locale.ROOT, format, args));
  }

  /** A number as awk prints it: six significant digits at most, no trailing zeros. */
  static String number(double value) {
    return new BigDecimal(String.format(Locale.ROOT, "%.6g", value))
        .stripTrailingZeros()
        .toPlainString();
  }
}
