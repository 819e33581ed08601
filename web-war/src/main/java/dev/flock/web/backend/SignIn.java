package dev.flock.web.backend;

import java.time.Instant;

/** A fresh session: the token to put in the browser's cookie, and when it expires. */
public record SignIn(String token, String username, Instant expiresAt) {}
