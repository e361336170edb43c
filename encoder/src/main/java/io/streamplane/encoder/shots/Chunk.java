package io.streamplane.encoder.shots;

/** A unit of encoding work: frames [startFrame, endFrame) of the title, cut on shot boundaries. */
public record Chunk(int index, int startFrame, int endFrame) {

    public int frames() {
        return endFrame - startFrame;
    }
}
