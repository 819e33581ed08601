package dev.flock.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs of one command. */
record Options(Map<String, String> values) {

  static Options parse(String[] argv) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --name value, got: " + argv[i]);
      }
      values.put(argv[i].substring(2), argv[++i]);
    }
    return new Options(values);
  }

  String get(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is needed");
    }
    return value;
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  /** "20s", "500ms", "2m" or plain seconds. */
  Duration duration(String name, String fallback) {
    return parseDuration(get(name, fallback));
  }

  /** "20s", "500ms", "2m" or plain seconds (fractions allowed). */
  static Duration parseDuration(String value) {
    String text = value.trim();
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    if (text.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    if (text.endsWith("s")) {
      text = text.substring(0, text.length() - 1);
    }
    return Duration.ofMillis((long) (Double.parseDouble(text) * 1000));
  }
}
