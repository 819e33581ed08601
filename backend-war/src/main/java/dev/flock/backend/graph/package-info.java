/** The social graph: who follows whom. Follow and unfollow are idempotent and reversible. */
package dev.flock.backend.graph;
