package io.streamplane.encoder.vmaf;

/**
 * Edge extension of the VMAF filters. The two conventions differ only at the last sample and are not interchangeable:
 * each was chosen because it reproduces the published feature values of the reference implementation to about 1e-5.
 */
final class Mirror {

    private Mirror() {
    }

    /** Whole-sample symmetric reflection (the edge sample is not repeated): used by the VIF and motion windows. */
    static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * n - i - 2 : i;
    }

    /** Reflection around the first sample but repeating the last one: used by the ADM wavelet and masking. */
    static int reflectRepeatLast(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * n - i - 1 : i;
    }
}
