/**
 * What the web tier tells about itself: each page request named in its trace by the page it showed
 * ({@link dev.flock.web.telemetry.PageNaming}), measured and logged in one line ({@link
 * dev.flock.web.telemetry.PageTelemetry}), and the session checks counted ({@link
 * dev.flock.web.telemetry.SessionChecks}). Payara's MicroProfile Telemetry makes the server span of
 * each request and the client span of each session check; the gRPC calls are traced by {@link
 * dev.flock.grpc.telemetry.RpcTelemetry}.
 */
package dev.flock.web.telemetry;
