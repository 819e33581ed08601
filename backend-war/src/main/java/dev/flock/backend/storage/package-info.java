/**
 * Where Flock's state lives: one port per aggregate ({@link
 * dev.flock.backend.storage.AccountStore}, {@link dev.flock.backend.storage.SessionStore}, {@link
 * dev.flock.backend.storage.FollowStore}, {@link dev.flock.backend.storage.PostStore}, {@link
 * dev.flock.backend.storage.LikeStore}, {@link dev.flock.backend.storage.AttemptStore}), the
 * batched reads of the home feed ({@link dev.flock.backend.storage.FeedReads}) and of many users'
 * follows ({@link dev.flock.backend.storage.FollowReads}), the watch of new posts ({@link
 * dev.flock.backend.storage.PostWatch}) and a {@link dev.flock.backend.storage.StorageProbe}; an
 * adapter of each in {@code memory} and in {@code etcd}, and both must pass the same contract test
 * suite. The kind is chosen at start-up by MicroProfile Config {@code flock.storage} in {@link
 * dev.flock.backend.storage.StorageProducer}.
 *
 * <p>What every adapter promises: each method is atomic on its own, and lists are read in bounded
 * slices, so a page's cost depends on its size, never on how much is stored. Failures to reach the
 * data surface as {@link dev.flock.backend.storage.StorageUnavailableException}, never as an empty
 * or partial answer. Every call is traced and measured ({@link
 * dev.flock.backend.storage.StorageCall}).
 */
package dev.flock.backend.storage;
