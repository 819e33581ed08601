/**
 * What both tiers share of telemetry, on the OpenTelemetry API that Payara's MicroProfile Telemetry
 * provides: gRPC calls as spans and metrics with the trace context in their metadata ({@link
 * dev.flock.grpc.telemetry.RpcTelemetry}, for the backend's server, the web tier's channel and the
 * etcd client), the one shape of a duration histogram ({@link dev.flock.grpc.telemetry.Durations}),
 * the request log line with trace and span ids ({@link dev.flock.grpc.telemetry.RequestLine}), the
 * JVM's metrics ({@link dev.flock.grpc.telemetry.JvmMetrics}), and the last minute of each kind of
 * call that {@code /status} draws ({@link dev.flock.grpc.telemetry.LiveFigures}).
 */
package dev.flock.grpc.telemetry;
