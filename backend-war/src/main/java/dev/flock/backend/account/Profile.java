package dev.flock.backend.account;

/** What a profile page shows about a user, as seen by the caller. */
public record Profile(
    String username, long followers, long following, long posts, boolean followedByCaller) {}
