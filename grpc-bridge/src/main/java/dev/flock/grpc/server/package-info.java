/**
 * Runs the gRPC server inside the application: it starts with the application, serves every CDI
 * bean that is a {@link io.grpc.BindableService}, and stops with it. Service beans must be
 * {@code @Dependent} (the generated {@code bindService()} is final, so they cannot be proxied) and
 * may only use application-scoped or dependent beans (gRPC threads have no request scope). Methods
 * that keep a core busy for long are marked {@link dev.flock.grpc.server.CpuBound} and run on
 * threads of their own.
 */
package dev.flock.grpc.server;
