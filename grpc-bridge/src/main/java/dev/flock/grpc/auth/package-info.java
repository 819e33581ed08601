/**
 * The signed-in caller's session token on the wire: the web tier attaches it to each call as {@code
 * authorization: Bearer <token>} metadata, the backend reads it into the call's context.
 */
package dev.flock.grpc.auth;
