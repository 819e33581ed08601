package dev.flock.backend.storage;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a storage adapter: each of its calls is traced and measured ({@link StorageCallTelemetry}).
 * Within an adapter, methods call private ones, never another public one, so that one storage call
 * is one span.
 */
@InterceptorBinding
@Target(TYPE)
@Retention(RUNTIME)
public @interface StorageCall {}
