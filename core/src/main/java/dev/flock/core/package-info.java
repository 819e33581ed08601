/**
 * What both tiers agree on, without any dependency: the failures a user or a calling tier can act
 * on ({@link dev.flock.core.FlockException}) and the limits each tier enforces or shows ({@link
 * dev.flock.core.Limits}). The transport's mapping of failures to gRPC lives in grpc-bridge.
 */
package dev.flock.core;
