/**
 * Sessions: a sign-in issues a 256-bit random token; only its SHA-256 hash is stored, with an
 * expiry ({@code flock.session.ttl-seconds}). Logout deletes it. {@link
 * dev.flock.backend.session.SessionResource} lets the web tier ask whose token it holds.
 */
package dev.flock.backend.session;
