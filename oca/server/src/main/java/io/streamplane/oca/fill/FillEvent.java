package io.streamplane.oca.fill;

/** Progress of a fill, emitted on every state change of an asset and at least once per MiB copied. */
public record FillEvent(String fillId, FillAsset asset, State state, long assetBytesDone, String sourceUrl,
    FillError error, String message, long fillBytesDone, long fillBytesTotal, int assetsFinished, int assetsTotal) {

  /** Where an asset is in its fill. */
  public enum State { QUEUED, DOWNLOADING, DONE, ALREADY_PRESENT, FAILED }
}
