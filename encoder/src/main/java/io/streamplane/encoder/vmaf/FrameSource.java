package io.streamplane.encoder.vmaf;

import java.io.IOException;

/** A sequence of luma pictures, read in order. */
public interface FrameSource {

    /** The next picture, or null after the last one. */
    LumaPlane next() throws IOException;

    /** Bit depth of the original samples (the planes themselves are in 8-bit scale). */
    int bitDepth();
}
