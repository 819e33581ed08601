/**
 * Local multi-member etcd clusters for development and tests.
 *
 * <p>{@link dev.flock.raft.EtcdCluster} launches real {@code etcd} processes on loopback ports, so
 * tests can kill a leader and watch Raft elect a new one; {@link
 * dev.flock.raft.EtcdClusterExtension} gives a JUnit 5 test class one such cluster. Besides the
 * JUnit API it needs only the JDK, so any module can use it in test scope.
 */
package dev.flock.raft;
