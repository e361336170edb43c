package io.streamplane.federation.compose;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Rover-style composition config:
 * <pre>
 * federation_version: =2.9.0
 * subgraphs:
 *   catalog:
 *     routing_url: http://localhost:8101/graphql
 *     schema:
 *       file: ./catalog.graphqls
 * </pre>
 * Schema file paths are relative to the config file. Only {@code schema.file} sources are supported (no
 * introspection or registry sources: composition must work offline). {@code federation_version} must be 1 or 2.x;
 * composition always follows Federation 2 rules, reading Federation 1 subgraphs as Federation 2 does.
 */
public record RoverConfig(String federationVersion, List<SubgraphSource> subgraphs) {

    /** A config that cannot be used, with a message that names the offending entry. */
    public static final class InvalidConfigException extends Exception {
        public InvalidConfigException(String message) {
            super(message);
        }
    }

    public RoverConfig {
        subgraphs = List.copyOf(subgraphs);
    }

    public static RoverConfig load(Path configFile) throws InvalidConfigException {
        String text;
        try {
            text = Files.readString(configFile);
        } catch (IOException e) {
            throw new InvalidConfigException("Cannot read config " + configFile + ": " + e.getMessage());
        }
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new InvalidConfigException("Config " + configFile + " is not valid YAML: " + e.getMessage());
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new InvalidConfigException("Config " + configFile + " must be a mapping with a \"subgraphs\" entry");
        }
        Object version = root.get("federation_version");
        if (version != null && !String.valueOf(version).matches("=?[12](\\.\\d+){0,2}")) {
            throw new InvalidConfigException("Config " + configFile + ": unsupported federation_version \"" + version
                    + "\" (use 1 or 2.x; composition follows Federation 2 rules and accepts Federation 1 subgraphs)");
        }
        if (!(root.get("subgraphs") instanceof Map<?, ?> subgraphs) || subgraphs.isEmpty()) {
            throw new InvalidConfigException("Config " + configFile + " needs a non-empty \"subgraphs\" mapping");
        }
        Path base = configFile.toAbsolutePath().getParent();
        List<SubgraphSource> sources = new ArrayList<>();
        for (Map.Entry<?, ?> entry : subgraphs.entrySet()) {
            sources.add(subgraph(base, String.valueOf(entry.getKey()), entry.getValue()));
        }
        return new RoverConfig(version == null ? "" : String.valueOf(version), sources);
    }

    private static SubgraphSource subgraph(Path base, String name, Object entry) throws InvalidConfigException {
        if (!(entry instanceof Map<?, ?> subgraph)) {
            throw new InvalidConfigException("Subgraph \"" + name + "\" must be a mapping with routing_url and schema");
        }
        if (!(subgraph.get("routing_url") instanceof String url) || url.isBlank()) {
            throw new InvalidConfigException("Subgraph \"" + name + "\" needs a routing_url");
        }
        if (!(subgraph.get("schema") instanceof Map<?, ?> schema) || !(schema.get("file") instanceof String file)) {
            throw new InvalidConfigException("Subgraph \"" + name + "\" needs schema.file (other schema sources "
                    + "are not supported)");
        }
        Path path = base.resolve(file).normalize();
        try {
            return new SubgraphSource(name, url, Files.readString(path));
        } catch (IOException e) {
            throw new InvalidConfigException("Subgraph \"" + name + "\": cannot read schema file " + path);
        }
    }
}
