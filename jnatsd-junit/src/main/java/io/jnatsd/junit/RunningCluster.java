package io.jnatsd.junit;

import io.jnatsd.server.NatsServer;

import java.util.ArrayList;
import java.util.List;

/**
 * The servers of a {@link JnatsdCluster}, in start order; node 0 is the seed. Read-only: the
 * extension starts and closes them.
 */
public final class RunningCluster {

    /** Cluster name when {@link JnatsdCluster#name()} is empty. */
    public static final String DEFAULT_NAME = "jnatsd-test";

    private final String name;
    private final List<NatsServer> nodes;

    RunningCluster(String name, List<NatsServer> nodes) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
    }

    /** The cluster name the nodes were given. */
    public String name() {
        return name;
    }

    public int size() {
        return nodes.size();
    }

    public NatsServer node(int index) {
        return nodes.get(index);
    }

    public List<NatsServer> nodes() {
        return nodes;
    }

    /** Each node's client URL, in node order. */
    public List<String> clientUrls() {
        List<String> urls = new ArrayList<>(nodes.size());
        for (NatsServer n : nodes) {
            urls.add(n.clientUrl());
        }
        return urls;
    }

    /** Every node's client URL separated by commas: a server list jnats accepts as one URL. */
    public String url() {
        return String.join(",", clientUrls());
    }

    @Override
    public String toString() {
        return "RunningCluster[" + name + ", " + url() + "]";
    }
}
