/**
 * Flock's developer tools: the launcher behind {@code ./flock} ({@code run}, {@code up}, {@code
 * down}, {@code images}) and the parts it shares with the tests and the bench. {@link
 * dev.flock.devtools.PayaraInstance} starts and supervises one Payara Micro JVM (readiness, failed
 * deployments, orderly stops); {@link dev.flock.devtools.Ports} finds and checks local ports.
 * {@link dev.flock.devtools.ContainerCommands} runs the container topology of docker/compose.yaml:
 * {@link dev.flock.devtools.ContainerEngine} (podman or docker), {@link dev.flock.devtools.Images},
 * {@link dev.flock.devtools.Certificates} and {@link dev.flock.devtools.ComposeProject}.
 */
package dev.flock.devtools;
