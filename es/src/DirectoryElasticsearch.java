import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;

/**
 * Starts one real Elasticsearch node inside this JVM, listening on 127.0.0.1:
 * a single-node cluster, or one node of a local multi-node cluster.
 *
 * The stock launcher forks a second JVM, refuses to run as root and expects a
 * full distribution tree; this starts the same server classes with a small
 * home folder that es/elasticsearch.sh lays out (the server jars on the module
 * path, the Netty HTTP transport as a module under home/modules).
 *
 * Usage: DirectoryElasticsearch HOME HTTP_PORT
 *          one single-node cluster "directory-dev", transport on HTTP_PORT + 100
 *        DirectoryElasticsearch HOME HTTP_PORT TRANSPORT_PORT CLUSTER NODE SEED_HOSTS [INITIAL_MASTERS]
 *          one node of a multi-node cluster: SEED_HOSTS is a comma-separated
 *          list of host:transport_port, INITIAL_MASTERS the comma-separated
 *          node names that bootstrap the cluster the first time (given only
 *          while the node has no cluster state yet)
 */
public final class DirectoryElasticsearch {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        boolean cluster = args.length > 2;
        String nodeName = cluster ? args[4] : "directory-dev-1";
        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("node.name", nodeName)
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            // Development machines often have little free disk; never turn
            // indices read-only because of it.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false);
        if (cluster) {
            builder.put("transport.port", Integer.parseInt(args[2]))
                .put("cluster.name", args[3])
                .putList("discovery.seed_hosts", List.of(args[5].split(",")));
            if (args.length > 6 && !args[6].isEmpty()) {
                builder.putList("cluster.initial_master_nodes", List.of(args[6].split(",")));
            }
        } else {
            builder.put("transport.port", httpPort + 100)
                .put("cluster.name", "directory-dev")
                .put("discovery.type", "single-node");
        }
        Settings settings = builder.build();

        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);

        Node node = new Node(InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), null, () -> nodeName));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        stopped.await();
    }
}
