package io.streamplane.encoder.shots;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Scene-aligned chunks for parallel encoding, and the keyframes every rendition must share.
 *
 * <p>Shots shorter than the minimum are merged into their shorter neighbour (a flash cut is not worth a chunk of
 * its own); shots longer than the maximum are split into about equal parts, each split moved to the nearest segment
 * boundary of the shot so that no extra short segment appears (a part may then exceed the maximum by under one
 * segment). Keyframes go on every shot start (cuts stay clean even inside merged chunks), every segment length
 * within a shot and every chunk start (normally already on that grid), so segments of all renditions line up.
 */
public record ChunkPlan(int totalFrames, double fps, List<Integer> cutFrames, List<Chunk> chunks,
                        List<Integer> keyframes) {

    public ChunkPlan {
        cutFrames = List.copyOf(cutFrames);
        chunks = List.copyOf(chunks);
        keyframes = List.copyOf(keyframes);
    }

    /**
     * @param cutFrames first frames of new shots (0 and out-of-range values are ignored)
     * @param minSeconds shortest chunk, unless the whole title is shorter
     * @param maxSeconds longest chunk; must be at least twice the minimum so splitting never makes a short chunk
     * @param segmentSeconds keyframe interval inside a shot (the packaging segment length)
     */
    public static ChunkPlan of(int totalFrames, double fps, List<Integer> cutFrames, double minSeconds,
                               double maxSeconds, double segmentSeconds) {
        if (totalFrames <= 0 || !(fps > 0)) {
            throw new IllegalArgumentException("a title needs frames and a positive frame rate");
        }
        if (!(minSeconds > 0) || maxSeconds < 2 * minSeconds || !(segmentSeconds > 0)) {
            throw new IllegalArgumentException("need 0 < min, max >= 2 * min and a positive segment length, got min "
                    + minSeconds + ", max " + maxSeconds + ", segment " + segmentSeconds);
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int c : cutFrames) {
            if (c > 0 && c < totalFrames) {
                cuts.add(c);
            }
        }
        int minFrames = (int) Math.round(minSeconds * fps);
        int maxFrames = (int) Math.round(maxSeconds * fps);

        List<int[]> spans = new ArrayList<>();
        int start = 0;
        for (int c : cuts) {
            spans.add(new int[] {start, c});
            start = c;
        }
        spans.add(new int[] {start, totalFrames});
        mergeShort(spans, minFrames);

        int segmentFrames = Math.max(1, (int) Math.round(segmentSeconds * fps));
        List<Integer> shotStarts = new ArrayList<>();
        shotStarts.add(0);
        shotStarts.addAll(cuts);
        List<Chunk> chunks = new ArrayList<>();
        for (int[] span : spans) {
            int length = span[1] - span[0];
            int parts = (length + maxFrames - 1) / maxFrames;
            int shotStart = 0;
            for (int s : shotStarts) {
                if (s <= span[0]) {
                    shotStart = s;
                }
            }
            int from = span[0];
            for (int p = 1; p < parts; p++) {
                int ideal = span[0] + (int) ((long) length * p / parts);
                int snapped = shotStart + (int) Math.round((double) (ideal - shotStart) / segmentFrames) * segmentFrames;
                if (snapped > from && snapped < span[1]) {
                    chunks.add(new Chunk(chunks.size(), from, snapped));
                    from = snapped;
                }
            }
            chunks.add(new Chunk(chunks.size(), from, span[1]));
        }

        TreeSet<Integer> keys = new TreeSet<>();
        for (int s = 0; s < shotStarts.size(); s++) {
            int shotEnd = s + 1 < shotStarts.size() ? shotStarts.get(s + 1) : totalFrames;
            for (int k = shotStarts.get(s); k < shotEnd; k += segmentFrames) {
                keys.add(k);
            }
        }
        chunks.forEach(c -> keys.add(c.startFrame()));
        return new ChunkPlan(totalFrames, fps, List.copyOf(cuts), chunks, List.copyOf(keys));
    }

    /** Repeatedly folds the shortest too-short span into its shorter neighbour. */
    private static void mergeShort(List<int[]> spans, int minFrames) {
        while (spans.size() > 1) {
            int shortest = -1;
            for (int i = 0; i < spans.size(); i++) {
                int length = spans.get(i)[1] - spans.get(i)[0];
                if (length < minFrames && (shortest < 0 || length < spans.get(shortest)[1] - spans.get(shortest)[0])) {
                    shortest = i;
                }
            }
            if (shortest < 0) {
                return;
            }
            int neighbour;
            if (shortest == 0) {
                neighbour = 1;
            } else if (shortest == spans.size() - 1) {
                neighbour = shortest - 1;
            } else {
                int before = spans.get(shortest - 1)[1] - spans.get(shortest - 1)[0];
                int after = spans.get(shortest + 1)[1] - spans.get(shortest + 1)[0];
                neighbour = before <= after ? shortest - 1 : shortest + 1;
            }
            int lo = Math.min(shortest, neighbour);
            spans.set(lo, new int[] {spans.get(lo)[0], spans.get(lo + 1)[1]});
            spans.remove(lo + 1);
        }
    }

    /** Frames from each keyframe to the next (the last to the end): the packaging segments. */
    public List<Integer> segmentFrames() {
        List<Integer> out = new ArrayList<>(keyframes.size());
        for (int i = 0; i < keyframes.size(); i++) {
            out.add((i + 1 < keyframes.size() ? keyframes.get(i + 1) : totalFrames) - keyframes.get(i));
        }
        return out;
    }

    /** Keyframe times in seconds, as x264's {@code -force_key_frames} wants them. */
    public List<Double> keyframeSeconds() {
        return keyframes.stream().map(f -> f / fps).toList();
    }
}
