package io.streamplane.encoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplane.proto.encoder.v1.JobState;
import io.streamplane.proto.encoder.v1.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EncodeClientTest {

    @Test
    void progressBarShowsStageChunksTasksAndEta() {
        String bar = EncodeClient.bar(JobStatus.newBuilder().setStage("analyse").setChunksDone(2).setChunksTotal(4)
                .setTasksDone(9).setTasksTotal(20).setEtaSeconds(75).build());
        assertEquals("[##############................]  45% analyse  chunks 2/4  tasks 9/20  ETA 1:15", bar);
        assertTrue(EncodeClient.bar(JobStatus.newBuilder().setEtaSeconds(-1).build()).endsWith("ETA --:--"));
    }

    @Test
    void failuresAreDescribedWithTheirCode() {
        String text = EncodeClient.describe(JobStatus.newBuilder().setJobId("j1").setTitleId("t").setStage("ingest")
                .setState(JobState.JOB_STATE_FAILED).setErrorCode("INGEST_EMPTY").setErrorMessage("empty").build());
        assertTrue(text.startsWith("job j1 title t: FAILED"), text);
        assertTrue(text.contains("error INGEST_EMPTY: empty"), text);
    }

    @Test
    void titleIdDefaultsToTheFileName() {
        assertEquals("My-Movie_2", EncodeClient.defaultTitleId(Path.of("/x/My Movie_2.mov")));
        assertEquals("title", EncodeClient.defaultTitleId(Path.of("/x/...mp4")));
    }

    @Test
    void anUnreachableFarmOrAMissingFileIsAClearErrorNotAStackTrace() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, EncodeClient.run(new String[] {"/no/such/file.mp4"}, System.out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file"));
        err.reset();
        assertEquals(2, EncodeClient.run(new String[] {"--coordinator", "127.0.0.1:1", "--status", "j1"}, System.out,
                errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not reachable"), err.toString());
        err.reset();
        // A codec typo is a usage error before anything is sent.
        assertEquals(2, EncodeClient.run(new String[] {"--coordinator", "127.0.0.1:1", "x.mp4", "--codecs", "vp8"},
                System.out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown codec 'vp8'"), err.toString());
    }
}
