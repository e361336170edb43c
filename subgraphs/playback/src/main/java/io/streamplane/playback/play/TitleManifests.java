package io.streamplane.playback.play;

/** The title's manifests as stored in the origin (HLS may be absent: null). */
public record TitleManifests(String dash, String hlsMaster) {}
