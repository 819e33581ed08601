/**
 * Who is behind a call, on the wire: the web tier attaches the signed-in caller's session token
 * ({@code authorization: Bearer <token>}) and the person's network address ({@code
 * flock-client-address}) as metadata; the backend reads both into the call's context.
 */
package dev.flock.grpc.auth;
