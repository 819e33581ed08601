/**
 * Storage in the backend's own memory: the zero set-up default, lost on restart, for one backend
 * instance only. An adapter per port over one {@link dev.flock.backend.storage.memory.MemoryState},
 * which holds what more than one of them touches. Sorted concurrent maps give every page in O(log n
 * + page size); counts are kept beside the sets because a concurrent set's size() walks it.
 */
package dev.flock.backend.storage.memory;
