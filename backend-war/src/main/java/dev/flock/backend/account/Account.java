package dev.flock.backend.account;

import java.time.Instant;

/** A registered user; the password is kept only as a salted, slow hash. */
public record Account(String username, String passwordHash, Instant createdAt) {}
