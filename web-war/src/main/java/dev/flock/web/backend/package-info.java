/**
 * The web tier's only way to the backend: {@link dev.flock.web.backend.FlockBackend} wraps the gRPC
 * stubs, puts a deadline on every call, and speaks plain Java records, so no page or bean ever sees
 * a protobuf type. Failures arrive as {@link dev.flock.core.FlockException}.
 */
package dev.flock.web.backend;
