package io.streamplane.playback.grpc;

import io.streamplane.playback.license.TitleKeys;
import io.streamplane.proto.encoder.v1.GetTitleKeysRequest;
import io.streamplane.proto.encoder.v1.GetTitleKeysResponse;
import io.streamplane.proto.encoder.v1.KeyServiceGrpc;
import io.streamplane.proto.encoder.v1.TitleKey;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The encoding farm's KeyService over gRPC. No fallback and no cache: content keys are never stored here. */
public final class KeyServiceClient implements TitleKeys {
  private final Peer peer;

  public KeyServiceClient(Peer peer) {
    this.peer = peer;
  }

  @Override
  public Map<String, byte[]> keys(String titleId, List<String> keyIdsHex) {
    GetTitleKeysResponse response = peer.call(ms -> KeyServiceGrpc.newBlockingStub(peer.channel())
        .withDeadlineAfter(ms, TimeUnit.MILLISECONDS)
        .getTitleKeys(GetTitleKeysRequest.newBuilder().setTitleId(titleId).addAllKeyIds(keyIdsHex).build()));
    Map<String, byte[]> keys = new HashMap<>();
    for (TitleKey key : response.getKeysList()) {
      keys.put(key.getKeyId().replace("-", "").toLowerCase(Locale.ROOT), key.getKey().toByteArray());
    }
    return keys;
  }
}
