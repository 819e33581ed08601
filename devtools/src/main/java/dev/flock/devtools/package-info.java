/**
 * Flock's developer tools: the launcher behind {@code ./flock} ({@code run}, {@code up}, {@code
 * down}) and the parts it shares with the tests and the bench. {@link
 * dev.flock.devtools.PayaraInstance} starts and supervises one Payara Micro JVM (readiness, failed
 * deployments, orderly stops); {@link dev.flock.devtools.Ports} finds and checks local ports.
 */
package dev.flock.devtools;
