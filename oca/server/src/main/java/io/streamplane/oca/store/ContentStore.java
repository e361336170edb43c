package io.streamplane.oca.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The appliance's local store. Layout: {@code <root>/titles/<titleId>/<path>} holds served content;
 * {@code <root>/.fill/} holds partial fills, which are outside {@code titles/} and so never served. Beside every filled
 * file, a hidden {@code .<name>.sha256} records the checksum verified at fill time ({@code <hex> <size>}); it is the
 * file's ETag, so every appliance (and the origin) gives the same asset the same strong validator.
 */
public final class ContentStore {

  private static final int RESOLVED_ENTRIES = 65_536;
  private static final int ETAG_HEX_CHARS = 32;

  private final Path root;
  private final Path titles;
  private final Path realTitles;
  private final boolean hashUnmarkedFiles;
  private final Map<Path, Resolved> resolved = new ConcurrentHashMap<>();

  /** An appliance store at {@code root} (content under {@code root/titles}). */
  public ContentStore(Path root) {
    this(root, root.resolve("titles"), false);
  }

  private ContentStore(Path root, Path titles, boolean hashUnmarkedFiles) {
    try {
      this.root = root.toAbsolutePath().normalize();
      this.titles = titles.toAbsolutePath().normalize();
      this.hashUnmarkedFiles = hashUnmarkedFiles;
      Files.createDirectories(this.titles);
      if (!hashUnmarkedFiles) {
        Files.createDirectories(fillDirectory());
      }
      this.realTitles = this.titles.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the store at " + root, e);
    }
  }

  /**
   * The origin store as the encoder writes it: {@code <dir>/<titleId>/<path>}, read-only for us. Its files carry no
   * checksum file, so the sha256 is computed once per file version, which keeps the origin's ETags equal to the
   * appliances'.
   */
  public static ContentStore origin(Path dir) {
    return new ContentStore(dir, dir, true);
  }

  /** Where the checksum verified at fill time is kept for a file: a hidden sibling, never served or listed. */
  public static Path checksumFile(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".sha256");
  }

  /** The sha256 recorded beside a file, if it was recorded for this size. */
  public static Optional<String> recordedSha256(Path file, long size) {
    try {
      String[] fields = Files.readString(checksumFile(file)).trim().split(" ");
      if (fields.length == 2 && fields[0].matches("[0-9a-f]{64}") && fields[1].equals(Long.toString(size))) {
        return Optional.of(fields[0]);
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public Path root() {
    return root;
  }

  /** Where partial fills live until they are verified and moved into {@code titles/}. */
  public Path fillDirectory() {
    return root.resolve(".fill");
  }

  /** Where an asset lives once filled (it may not exist yet). */
  public Path locate(ContentPath path) {
    Path file = titles.resolve(path.titleId());
    for (String segment : path.segments()) {
      file = file.resolve(segment);
    }
    return file;
  }

  public Path titleDirectory(String titleId) {
    return titles.resolve(ContentPath.checkTitleId(titleId));
  }

  /**
   * Finds a regular file for a request. Symbolic links are followed only when they stay inside {@code titles/}: the
   * real path must be under the real store directory.
   *
   * <p>Resolving the real path costs a system call per path segment, so the result is remembered per path and reused
   * while one {@code stat} of the path still shows the same file (same inode, size and modification time). A path
   * whose last segment is a link is resolved every time.
   */
  public Optional<StoredFile> find(ContentPath path) throws IOException {
    Path located = locate(path);
    BasicFileAttributes current;
    try {
      current = Files.readAttributes(located, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Resolved known = resolved.get(located);
    if (known != null && current.isRegularFile() && known.sameFile(current)) {
      return Optional.of(known.file());
    }
    Path real;
    try {
      real = located.toRealPath();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (!real.startsWith(realTitles)) {
      return Optional.empty();
    }
    BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      return Optional.empty();
    }
    long modifiedMillis = attributes.lastModifiedTime().toMillis();
    Object inode = attributes.fileKey();
    String etag = etag(real, attributes, inode);
    StoredFile file = new StoredFile(real, attributes.size(), attributes.lastModifiedTime().toInstant(), etag);
    if (current.isRegularFile() && inode != null) {
      if (resolved.size() >= RESOLVED_ENTRIES) {
        resolved.clear();
      }
      resolved.put(located, new Resolved(file, inode, attributes.size(), modifiedMillis));
    }
    return Optional.of(file);
  }

  /**
   * The sha256 of the content when it is known (recorded at fill time, or computed for the origin), else size,
   * modification time and inode, which still change with every replacement.
   */
  private String etag(Path real, BasicFileAttributes attributes, Object inode) throws IOException {
    Optional<String> sha256 = recordedSha256(real, attributes.size());
    if (sha256.isEmpty() && hashUnmarkedFiles) {
      sha256 = Optional.of(Sha256.of(real));
    }
    if (sha256.isPresent()) {
      return "\"" + sha256.get().substring(0, ETAG_HEX_CHARS) + "\"";
    }
    return "\"" + Long.toHexString(attributes.size()) + "-" + Long.toHexString(attributes.lastModifiedTime().toMillis())
        + "-" + Integer.toHexString(inode == null ? real.hashCode() : inode.hashCode()) + "\"";
  }

  /** A path checked against the store boundary, valid while the file at it is unchanged. */
  private record Resolved(StoredFile file, Object inode, long size, long modifiedMillis) {
    boolean sameFile(BasicFileAttributes now) {
      return inode.equals(now.fileKey()) && size == now.size()
          && modifiedMillis == now.lastModifiedTime().toMillis();
    }
  }

  /** One held asset, as listed by {@link #inventory(List)}. */
  public record HeldFile(String titleId, String relativePath, long size, long modifiedEpochMillis, String sha256Hex) {
  }

  /** Every regular content file under {@code titles/} (of the given titles, or all when empty), with its checksum. */
  public List<HeldFile> inventory(List<String> titleIds) throws IOException {
    List<HeldFile> held = new ArrayList<>();
    List<Path> titleDirs = new ArrayList<>();
    if (titleIds.isEmpty()) {
      try (Stream<Path> dirs = Files.list(titles)) {
        dirs.filter(Files::isDirectory).forEach(titleDirs::add);
      }
    } else {
      for (String titleId : titleIds) {
        titleDirs.add(titleDirectory(titleId));
      }
    }
    for (Path titleDir : titleDirs) {
      if (!Files.isDirectory(titleDir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      String titleId = titleDir.getFileName().toString();
      try (Stream<Path> files = Files.walk(titleDir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".")) {
            String relative = titleDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            held.add(new HeldFile(titleId, relative, attrs.size(), attrs.lastModifiedTime().toMillis(),
                recordedSha256(file, attrs.size()).orElse("")));
          }
        }
      }
    }
    return held;
  }

  /** Bytes held under {@code titles/}. */
  public long storedBytes() throws IOException {
    return inventory(List.of()).stream().mapToLong(HeldFile::size).sum();
  }
}
