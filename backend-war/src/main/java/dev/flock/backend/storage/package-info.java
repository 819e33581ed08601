/**
 * Where Flock's state lives. {@link dev.flock.backend.storage.Storage} is the contract; each
 * implementation ({@code memory}, {@code etcd}) must pass the same contract test suite. The
 * implementation is chosen at start-up by MicroProfile Config {@code flock.storage} in {@link
 * dev.flock.backend.storage.StorageProducer}.
 */
package dev.flock.backend.storage;
