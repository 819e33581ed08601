/**
 * Accounts: registration with the username and password rules, sign-in against a slow password
 * hash, and the user directory (profiles, name search).
 */
package dev.flock.backend.account;
