/**
 * System tests: the real WARs on real Payara Micro processes (one backend, two web instances),
 * driven over HTTP the way a browser does it. One site is booted per test run and shared by every
 * test class ({@link dev.flock.system.FlockSite}); tests use fresh user names, so they do not
 * depend on one another.
 */
package dev.flock.system;
