package io.streamplane.identity.membership;

/** Membership plans and what each allows. */
public enum Plan {
  BASIC("Basic", 1, Resolution.SD_480P, false),
  STANDARD("Standard", 2, Resolution.HD_1080P, false),
  PREMIUM("Premium", 4, Resolution.UHD_2160P, true);

  private final String displayName;
  private final int maxConcurrentStreams;
  private final Resolution maxResolution;
  private final boolean hdr;

  Plan(String displayName, int maxConcurrentStreams, Resolution maxResolution, boolean hdr) {
    this.displayName = displayName;
    this.maxConcurrentStreams = maxConcurrentStreams;
    this.maxResolution = maxResolution;
    this.hdr = hdr;
  }

  public String displayName() {
    return displayName;
  }

  public int maxConcurrentStreams() {
    return maxConcurrentStreams;
  }

  public Resolution maxResolution() {
    return maxResolution;
  }

  /** HDR and 4K (UHD) go together: only Premium has either. */
  public boolean hdr() {
    return hdr;
  }

  public static Plan parse(String code) {
    for (Plan plan : values()) {
      if (plan.name().equals(code)) {
        return plan;
      }
    }
    throw io.streamplane.platform.errors.ServiceException.badInput("plan must be BASIC, STANDARD or PREMIUM");
  }

  public enum Resolution {
    SD_480P(480), HD_1080P(1080), UHD_2160P(2160);

    private final int height;

    Resolution(int height) {
      this.height = height;
    }

    public int height() {
      return height;
    }
  }
}
