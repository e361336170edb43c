package io.streamplane.gateway.supergraph;

import io.streamplane.federation.supergraph.SupergraphException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A supergraph served from a file and reloaded when the file changes. A new supergraph replaces the old one
 * atomically; one that cannot be read or served is refused and the old one keeps serving.
 */
public final class SupergraphFile implements AutoCloseable {

  private final Path path;
  private final AtomicReference<LoadedSupergraph> current = new AtomicReference<>();
  private final Consumer<String> log;
  private ScheduledExecutorService watcher;
  private FileTime loadedModified;
  private long loadedSize;

  /** Loads the file once; throws {@link SupergraphException} (or an I/O failure as one) if it cannot be served. */
  public SupergraphFile(Path path, Consumer<String> log) {
    this.path = path;
    this.log = log;
    current.set(load());
  }

  public LoadedSupergraph current() {
    return current.get();
  }

  public SupergraphFile watch(long intervalMillis) {
    watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "supergraph-watch");
      t.setDaemon(true);
      return t;
    });
    watcher.scheduleWithFixedDelay(this::reloadIfChanged, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Reloads when the file's modification time or size changed; returns whether a new supergraph is now served. */
  public boolean reloadIfChanged() {
    try {
      if (Files.getLastModifiedTime(path).equals(loadedModified) && Files.size(path) == loadedSize) {
        return false;
      }
      current.set(load());
      log.accept("supergraph reloaded from " + path);
      return true;
    } catch (IOException | RuntimeException e) {
      String why = e instanceof SupergraphException s ? s.code() + ": " + s.getMessage() : e.toString();
      log.accept("supergraph change refused, still serving the previous one: " + why);
      try {
        loadedModified = Files.getLastModifiedTime(path); // do not retry the same broken file every tick
        loadedSize = Files.size(path);
      } catch (IOException ignored) {
        // the file vanished: keep serving and look again next tick
      }
      return false;
    }
  }

  private LoadedSupergraph load() {
    try {
      FileTime modified = Files.getLastModifiedTime(path);
      long size = Files.size(path);
      LoadedSupergraph loaded = new LoadedSupergraph(Files.readString(path));
      loadedModified = modified;
      loadedSize = size;
      return loaded;
    } catch (IOException e) {
      throw new SupergraphException("SUPERGRAPH_UNREADABLE", "cannot read " + path + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }
}
