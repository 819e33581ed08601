/**
 * The gRPC endpoints of the {@code flock.v1} contract. Each is thin: it reads the caller from the
 * call's token, translates protobuf to domain types, delegates, and translates back; errors are
 * thrown as they are and mapped to status codes by the bridge. Endpoints are {@code @Dependent}
 * because generated service bases cannot be proxied.
 */
package dev.flock.backend.rpc;
