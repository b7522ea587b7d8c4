/** The instrumentation scope of every span and metric this package records. */
export const PACKAGE_NAME = "@rlm/otel";
export const PACKAGE_VERSION = "0.1.0";
