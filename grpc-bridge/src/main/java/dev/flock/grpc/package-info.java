/**
 * The bridge between grpc-java and Jakarta EE, shared by the backend and the web tier: the
 * generated {@code flock.v1} stubs ({@link dev.flock.grpc.v1}), the server lifecycle ({@code
 * server}), the shared client channel ({@code client}), the caller's session token on the wire
 * ({@code auth}), the one mapping between Flock's errors and gRPC status codes ({@code error}), and
 * the telemetry both tiers share ({@code telemetry}).
 */
package dev.flock.grpc;
