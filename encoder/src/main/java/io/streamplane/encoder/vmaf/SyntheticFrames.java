package io.streamplane.encoder.vmaf;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic test pictures: a moving pattern of gradients, sinusoids and hashed noise as the reference, and a
 * softened, noisier copy as the distorted picture (roughly what a mid-quality encode does to detail).
 */
final class SyntheticFrames {

    private SyntheticFrames() {
    }

    static LumaPlane reference(int width, int height, int frame) {
        float[] s = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int mx = x + 3 * frame;
                double v = 128 + 60 * Math.sin(mx * 0.05) * Math.cos(y * 0.07) + 0.15 * (y - height / 2.0)
                        + 20 * (hash(mx / 4, y / 4) - 0.5) + 6 * (hash(mx, y) - 0.5);
                s[y * width + x] = (float) Math.rint(Math.max(0, Math.min(255, v)));
            }
        }
        return new LumaPlane(width, height, s);
    }

    static LumaPlane distorted(LumaPlane reference, int frame) {
        int w = reference.width();
        int h = reference.height();
        float[] in = reference.samples();
        float[] s = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int xl = Math.max(0, x - 1);
                int xr = Math.min(w - 1, x + 1);
                double soft = 0.25 * in[y * w + xl] + 0.5 * in[y * w + x] + 0.25 * in[y * w + xr];
                double v = soft + 4 * (hash(x + 7919 * frame, y) - 0.5);
                s[y * w + x] = (float) Math.rint(Math.max(0, Math.min(255, v)));
            }
        }
        return new LumaPlane(w, h, s);
    }

    static List<LumaPlane> sequence(int width, int height, int frames, boolean distorted) {
        List<LumaPlane> out = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            LumaPlane ref = reference(width, height, f);
            out.add(distorted ? distorted(ref, f) : ref);
        }
        return out;
    }

    /** A source over pre-built planes. */
    static FrameSource source(List<LumaPlane> planes, int bitDepth) {
        return new FrameSource() {
            private int next;

            @Override
            public LumaPlane next() {
                return next < planes.size() ? planes.get(next++) : null;
            }

            @Override
            public int bitDepth() {
                return bitDepth;
            }
        };
    }

    private static double hash(int x, int y) {
        int h = x * 374761393 + y * 668265263;
        h = (h ^ (h >>> 13)) * 1274126177;
        return ((h ^ (h >>> 16)) & 0xFFFF) / 65535.0;
    }
}
