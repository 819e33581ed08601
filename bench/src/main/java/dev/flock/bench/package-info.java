/**
 * Flock's benchmark, {@code ./flock bench}: the runner ({@link BenchRun}: its own {@link Site},
 * {@link Wrk} runs with {@link ProcessSample} sampling, a {@link WarmUp} until the JIT settles, the
 * {@link Drivers}), the data set of WORKLOAD.md built through the backend's gRPC API ({@link
 * DataSet}, {@link Shape}), the sign-in of wrk's users through the real login form ({@link
 * WebSessions}), a load driver for the gRPC backend alone ({@link BackendLoad}), a raw jetcd driver
 * for the cluster's own limits ({@link EtcdLoad}) and the markdown results table ({@link
 * ResultsTable}). {@link Main} dispatches.
 */
package dev.flock.bench;
