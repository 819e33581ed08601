/**
 * Flock's backend, the only owner of state. Domain services by concept ({@code account}, {@code
 * session}, {@code graph}, {@code post}, {@code feed}) are plain CDI beans over the storage's
 * ports, one per aggregate ({@code dev.flock.backend.storage}); {@code rpc} serves them over gRPC
 * to the web tier.
 */
package dev.flock.backend;
