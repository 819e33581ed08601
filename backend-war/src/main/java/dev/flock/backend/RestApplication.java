package dev.flock.backend;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The backend's small REST surface lives under {@code /api/v1}. */
@ApplicationPath("api/v1")
public class RestApplication extends Application {}
