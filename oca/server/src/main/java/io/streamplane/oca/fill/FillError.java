package io.streamplane.oca.fill;

/** Stable codes for a failed fill asset (reported to the control plane in FillProgress.error_code). */
public enum FillError {
  SOURCE_UNAVAILABLE,
  SIZE_MISMATCH,
  CHECKSUM_MISMATCH,
  DISK_FULL,
  IO_ERROR,
  DEADLINE_EXCEEDED,
  CANCELLED,
  /** Another fill is writing the same asset right now. */
  IN_PROGRESS
}
