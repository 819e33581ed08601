package dev.flock.backend.graph;

/** A user as a list shows them to its reader: how many follow them, and whether the reader does. */
public record Person(String username, long followers, boolean followedByReader) {}
