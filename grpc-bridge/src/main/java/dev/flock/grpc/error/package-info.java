/**
 * Flock's errors and their one mapping to gRPC status codes and back. Services throw {@link
 * dev.flock.core.FlockException}; the server turns it into a {@code Status}, the client turns the
 * {@code Status} back into the same exception, so neither side sees the other's types.
 */
package dev.flock.grpc.error;
