package io.streamplane.playback.manifest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Cut MPDs by title manifest and device profile. A title has a handful of device profiles in practice (codec sets ×
 * height caps), so every start after the first of its kind skips the XML work. Keyed by the manifest text itself, so
 * a republished title is cut again without any invalidation.
 */
public final class DashTemplates {
  private record Key(String mpd, DeviceProfile device, boolean withLicense) {}

  private final Cache<Key, DashTemplate> cut;

  public DashTemplates(int maximumSize, Duration keep) {
    this.cut = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(keep).build();
  }

  public DashTemplate forDevice(String mpd, DeviceProfile device, boolean withLicense) {
    return cut.get(new Key(mpd, device, withLicense), key -> DashFilter.cut(key.mpd(), key.device(),
        key.withLicense()));
  }
}
