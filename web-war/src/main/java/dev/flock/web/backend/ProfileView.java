package dev.flock.web.backend;

/** A user's profile as the signed-in caller (or a visitor) sees it. */
public record ProfileView(
    String username, long followers, long following, long posts, boolean followedByCaller) {}
