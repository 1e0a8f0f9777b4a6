/**
 * Operations: the readiness check behind {@code /health/ready}, the application's metrics in the
 * server's Prometheus registry ({@code /metrics}), and the access log; all served or written by
 * WildFly itself (see wildfly-config/ops.cli and README "Operating"). And the scheduling policy
 * of the server's threads on small machines (BatchScheduling).
 */
package com.calendarpipe.ops;
