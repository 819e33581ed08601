package dev.flock.grpc.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method that keeps a core busy for long (a password KDF: tens of milliseconds).
 * The gRPC server runs such calls on a small pool of their own, one thread per core ({@code
 * flock.grpc.cpu-bound-threads}), so that a burst of them queues there instead of in front of the
 * site's quick calls. See {@link CpuBoundCalls}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CpuBound {}
