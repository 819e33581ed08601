/**
 * Accounts: registration with the username and password rules, sign-in against a slow password
 * hash, and the user directory (profiles, name search: each user found comes with their follower
 * count, read for the whole page at once, as the {@code graph} package's doc explains).
 */
package dev.flock.backend.account;
