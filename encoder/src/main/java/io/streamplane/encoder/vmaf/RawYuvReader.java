package io.streamplane.encoder.vmaf;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the luma planes of a headerless planar YUV 4:2:0 file, skipping chroma. */
public final class RawYuvReader implements FrameSource, Closeable {

    private final FileChannel channel;
    private final int width;
    private final int height;
    private final PixelFormat format;
    private final long frameBytes;
    private final long frameCount;
    private final ByteBuffer luma;
    private long frameIndex;

    public RawYuvReader(Path file, int width, int height, PixelFormat format) {
        if (width <= 0 || height <= 0) {
            throw new VmafInputException("VMAF_SIZE_INVALID", "frame size " + width + "x" + height + " is not positive");
        }
        this.width = width;
        this.height = height;
        this.format = format;
        this.frameBytes = format.frameBytes(width, height);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new VmafInputException("VMAF_FILE_NOT_FOUND", "no such file: " + file, e);
        } catch (IOException e) {
            throw new VmafInputException("VMAF_FILE_UNREADABLE", "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new VmafInputException("VMAF_FILE_EMPTY", file + " is empty");
        }
        if (size % frameBytes != 0) {
            throw new VmafInputException("VMAF_FILE_TRUNCATED", file + " has " + size + " bytes, not a whole number of "
                    + width + "x" + height + " " + format.ffmpegName() + " frames (" + frameBytes + " bytes each);"
                    + " check --width/--height/--pixel-format");
        }
        this.frameCount = size / frameBytes;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new VmafInputException("VMAF_FILE_UNREADABLE", "cannot open " + file + ": " + e.getMessage(), e);
        }
        this.luma = ByteBuffer.allocate(width * height * format.bytesPerSample()).order(ByteOrder.LITTLE_ENDIAN);
    }

    public long frameCount() {
        return frameCount;
    }

    @Override
    public int bitDepth() {
        return format.bitDepth();
    }

    @Override
    public LumaPlane next() throws IOException {
        if (frameIndex == frameCount) {
            return null;
        }
        luma.clear();
        long position = frameIndex * frameBytes;
        while (luma.hasRemaining()) {
            int read = channel.read(luma, position + luma.position());
            if (read < 0) {
                throw new VmafInputException("VMAF_FILE_TRUNCATED", "file ended inside frame " + frameIndex);
            }
        }
        luma.flip();
        float[] samples = new float[width * height];
        if (format.bytesPerSample() == 1) {
            for (int i = 0; i < samples.length; i++) {
                samples[i] = luma.get(i) & 0xFF;
            }
        } else {
            float scale = 1f / (1 << (format.bitDepth() - 8));
            int max = (1 << format.bitDepth()) - 1;
            for (int i = 0; i < samples.length; i++) {
                samples[i] = Math.min(luma.getShort(2 * i) & 0xFFFF, max) * scale;
            }
        }
        frameIndex++;
        return new LumaPlane(width, height, samples);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
