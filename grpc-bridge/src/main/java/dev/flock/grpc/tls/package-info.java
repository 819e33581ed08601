/**
 * Mutual TLS between the tiers: the deployment's certificates (made by {@code docker/make-certs}),
 * read once from {@code flock.tls.dir}, for the backend's gRPC server, the web tier's gRPC channel
 * and its session checks. Without {@code flock.tls.dir} both tiers speak plaintext, as {@code
 * ./flock run} does on loopback.
 */
package dev.flock.grpc.tls;
