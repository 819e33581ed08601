/**
 * The one client channel to the backend, shared by every call of the application: built from
 * MicroProfile Config, with its own event loop and executor, closed when the application stops.
 */
package dev.flock.grpc.client;
