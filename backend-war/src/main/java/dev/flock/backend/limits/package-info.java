/**
 * Rate limits against abuse: sign-in failures per account and per address, sign-ups per address,
 * posts, follows and likes per account ({@link dev.flock.backend.limits.RateLimit} lists them with
 * their defaults). They are counted in the storage, so every backend of one site shares them.
 */
package dev.flock.backend.limits;
