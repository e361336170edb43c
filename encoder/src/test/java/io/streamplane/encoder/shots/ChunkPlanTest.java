package io.streamplane.encoder.shots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {

    @Test
    void chunksFollowCutsAndKeyframesSitOnShotStartsAndEveryTwoSeconds() {
        // 10 s at 24 fps, cuts at 3.0 s and 6.5 s (the media recipes' title).
        ChunkPlan plan = ChunkPlan.of(240, 24, List.of(72, 156), 2, 6, 2);
        assertEquals(List.of(new Chunk(0, 0, 72), new Chunk(1, 72, 156), new Chunk(2, 156, 240)), plan.chunks());
        assertEquals(List.of(0.0, 2.0, 3.0, 5.0, 6.5, 8.5), plan.keyframeSeconds());
    }

    @Test
    void shortShotsMergeIntoTheirShorterNeighbourButKeepTheirKeyframe() {
        // Shots: 0-4 s, a 0.5 s flash at 4-4.5 s, 4.5-7 s, 7-12 s.
        ChunkPlan plan = ChunkPlan.of(288, 24, List.of(96, 108, 168), 2, 6, 2);
        assertEquals(List.of(new Chunk(0, 0, 96), new Chunk(1, 96, 168), new Chunk(2, 168, 288)), plan.chunks());
        assertTrue(plan.keyframes().contains(108), "the flash cut still gets a keyframe");
    }

    @Test
    void longShotsAreSplitOnSegmentBoundariesIntoPartsNoLongerThanTheMaximum() {
        // 20 s shot, max 6 s: four parts, ideal splits at 5, 10, 15 s moved to the 2 s segment grid.
        ChunkPlan plan = ChunkPlan.of(24 * 20, 24, List.of(), 2, 6, 2);
        assertEquals(List.of(new Chunk(0, 0, 144), new Chunk(1, 144, 240), new Chunk(2, 240, 384),
                new Chunk(3, 384, 480)), plan.chunks());
        assertEquals(List.of(0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0), plan.keyframeSeconds());
        // Chunks tile the title without gaps.
        for (int i = 1; i < plan.chunks().size(); i++) {
            assertEquals(plan.chunks().get(i - 1).endFrame(), plan.chunks().get(i).startFrame());
        }
    }

    @Test
    void aTitleShorterThanTheMinimumIsOneChunkAndBadSettingsAreRefused() {
        ChunkPlan plan = ChunkPlan.of(30, 24, List.of(10, 20, 500), 2, 6, 2);
        assertEquals(List.of(new Chunk(0, 0, 30)), plan.chunks());
        assertEquals(List.of(10, 20), plan.cutFrames());
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.of(100, 24, List.of(), 4, 6, 2));
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.of(0, 24, List.of(), 2, 6, 2));
    }
}
