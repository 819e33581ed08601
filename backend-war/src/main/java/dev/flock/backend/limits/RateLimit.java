package dev.flock.backend.limits;

import java.time.Duration;

/**
 * What is limited, per whom, with its default: at most {@code max} attempts in any {@code window}.
 * Each is configurable as {@code flock.limits.<name>.max} and {@code
 * flock.limits.<name>.window-seconds} (MicroProfile Config).
 */
public enum RateLimit {
  /** Mastodon allows 25 sign-in attempts per 5 minutes per address. */
  SIGN_IN_FAILURES_PER_ADDRESS(
      "sign-in-failures-per-address",
      25,
      Duration.ofMinutes(5),
      "Too many failed sign-ins from your network."),
  /**
   * Guessing one account's password from many addresses; the window is short, so an owner whose
   * account is under attack can sign in again soon after it stops (and stays signed in meanwhile).
   */
  SIGN_IN_FAILURES_PER_ACCOUNT(
      "sign-in-failures-per-account",
      25,
      Duration.ofMinutes(15),
      "Too many failed sign-ins for this account."),
  /** As Mastodon: 25 per 5 minutes per address. */
  SIGN_UPS_PER_ADDRESS(
      "sign-ups-per-address", 25, Duration.ofMinutes(5), "Too many sign-ups from your network."),
  /** As Mastodon: 300 posts per 3 hours per account. */
  POSTS_PER_ACCOUNT("posts-per-account", 300, Duration.ofHours(3), "You have posted a lot."),
  /** As Mastodon: 400 follows per day per account. */
  FOLLOWS_PER_ACCOUNT(
      "follows-per-account", 400, Duration.ofDays(1), "You have followed many people today."),
  /**
   * As X: 1,000 likes per day per account. Each like is a write every backend's likes cache hears
   * of, so one account must not be able to like and unlike without end.
   */
  LIKES_PER_ACCOUNT(
      "likes-per-account", 1000, Duration.ofDays(1), "You have liked many posts today.");

  private final String configName;
  private final int defaultMax;
  private final Duration defaultWindow;
  private final String reason;

  RateLimit(String configName, int defaultMax, Duration defaultWindow, String reason) {
    this.configName = configName;
    this.defaultMax = defaultMax;
    this.defaultWindow = defaultWindow;
    this.reason = reason;
  }

  /** Its name in the configuration and in the attempt store's subjects. */
  public String configName() {
    return configName;
  }

  public int defaultMax() {
    return defaultMax;
  }

  public Duration defaultWindow() {
    return defaultWindow;
  }

  /** The first sentence of the message a refused attempt gets. */
  String reason() {
    return reason;
  }

  /** The setting of one limit. */
  public record Rule(int max, Duration window) {
    public Rule {
      if (max < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "a rate limit needs a max of at least 1 and a positive window");
      }
    }
  }
}
