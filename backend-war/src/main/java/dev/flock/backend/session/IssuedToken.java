package dev.flock.backend.session;

import java.time.Instant;

/** A token handed to a user who signed in; it is shown once and never stored as it is. */
public record IssuedToken(String token, String username, Instant expiresAt) {}
