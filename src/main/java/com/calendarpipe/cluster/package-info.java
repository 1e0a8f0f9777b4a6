/**
 * The nodes of a cluster as one: running a command on every other member and waiting for each
 * to confirm, and this node's view of the membership (README "Cluster"). Through WildFly's own
 * clustering API; on a single server the group is this node alone and every broadcast is empty.
 */
package com.calendarpipe.cluster;
