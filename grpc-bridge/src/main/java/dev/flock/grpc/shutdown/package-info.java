/**
 * Graceful shutdown for both tiers: on SIGTERM an instance first reports not-ready, so that load
 * balancers and gRPC clients move away from it, lets the requests in flight finish, and only then
 * stops.
 */
package dev.flock.grpc.shutdown;
