package com.calendarpipe.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Part of {@code /health/ready}: which nodes this one is grouped with. Always UP: a node that is
 * alone in its view (its peers are down, or it is a single server) serves correct answers, since
 * every change is confirmed by the members of the view it is in. The names let an operator, and
 * src/cluster/cluster.sh, see that the nodes have found each other; {@code lease} says whether this
 * node may answer keys from memory now ({@link Lease}: false while it is cut off or a peer is down).
 */
@Readiness
@ApplicationScoped
public class MembershipReadiness implements HealthCheck {

    @Inject
    Lease lease;

    @Override
    public HealthCheckResponse call() {
        var group = Broadcast.factory().getGroup();
        List<String> members = group.getMembership().getMembers().stream().map(m -> m.getName()).toList();
        return HealthCheckResponse.named("cluster")
                .withData("clustered", !group.isSingleton())
                .withData("members", String.join(",", members))
                .withData("lease", lease.holds())
                .up()
                .build();
    }
}
