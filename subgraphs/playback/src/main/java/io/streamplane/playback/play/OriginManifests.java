package io.streamplane.playback.play;

/** Reads a title's manifests from the origin store. */
public interface OriginManifests {
  TitleManifests load(String titleId, TitleMedia media);
}
