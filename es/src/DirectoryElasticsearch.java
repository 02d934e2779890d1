import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;

/**
 * Starts one real Elasticsearch node inside this JVM, listening on 127.0.0.1.
 *
 * The stock launcher forks a second JVM, refuses to run as root and expects a
 * full distribution tree; this starts the same server classes with a small
 * home folder that es/elasticsearch.sh lays out (the server jars on the module
 * path, the Netty HTTP transport as a module under home/modules).
 *
 * Usage: DirectoryElasticsearch HOME HTTP_PORT
 */
public final class DirectoryElasticsearch {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "directory-dev")
            .put("node.name", "directory-dev-1")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", httpPort + 100)
            .put("discovery.type", "single-node")
            // Development machines often have little free disk; never turn
            // indices read-only because of it.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .build();

        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);

        Node node = new Node(InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), null, () -> "directory-dev-1"));
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
