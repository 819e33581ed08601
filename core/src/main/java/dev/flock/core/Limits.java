package dev.flock.core;

/** The limits the backend enforces and the web tier shows: each written once, here. */
public final class Limits {

  /** The longest username, in characters. */
  public static final int USERNAME_MAX_LENGTH = 20;

  /** The longest post, in characters. */
  public static final int POST_MAX_LENGTH = 280;

  /** Items per page of every list (feeds, profiles, people), unless a request asks for fewer. */
  public static final int PAGE_SIZE = 20;

  private Limits() {}
}
