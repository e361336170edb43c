package io.streamplane.playback.license;

import java.util.List;
import java.util.Map;

/**
 * The encoding farm's key store: content keys of one title by key id (hex). Only ids of that title are answered;
 * throws ServiceException (UNAVAILABLE, NOT_FOUND) when it cannot.
 */
public interface TitleKeys {
  Map<String, byte[]> keys(String titleId, List<String> keyIdsHex);
}
