package io.streamplane.encoder.keystore;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.streamplane.proto.encoder.v1.GetTitleKeysRequest;
import io.streamplane.proto.encoder.v1.GetTitleKeysResponse;
import io.streamplane.proto.encoder.v1.KeyServiceGrpc;
import io.streamplane.proto.encoder.v1.TitleKey;
import java.util.ArrayList;
import java.util.List;

/** KeyService over the key store: the ClearKey licence service asks here, never in the keyspace. */
public final class KeyGrpcService extends KeyServiceGrpc.KeyServiceImplBase {

    private final KeyStore keys;

    public KeyGrpcService(KeyStore keys) {
        this.keys = keys;
    }

    @Override
    public void getTitleKeys(GetTitleKeysRequest request, StreamObserver<GetTitleKeysResponse> response) {
        if (request.getTitleId().isBlank()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("title_id is required").asRuntimeException());
            return;
        }
        for (String id : request.getKeyIdsList()) {
            if (!id.matches("[0-9a-fA-F]{32}")) {
                response.onError(Status.INVALID_ARGUMENT.withDescription("key id " + id + " is not 32 hex digits")
                        .asRuntimeException());
                return;
            }
        }
        try {
            List<KeyStore.StoredKey> found = new ArrayList<>();
            if (request.getKeyIdsCount() == 0) {
                found.addAll(keys.all(request.getTitleId()));
            } else {
                for (String id : request.getKeyIdsList()) {
                    found.add(keys.get(request.getTitleId(), id).orElse(null));
                }
            }
            if (found.isEmpty() || found.contains(null)) {
                response.onError(Status.NOT_FOUND.withDescription("no such key for title " + request.getTitleId())
                        .asRuntimeException());
                return;
            }
            GetTitleKeysResponse.Builder out = GetTitleKeysResponse.newBuilder();
            for (KeyStore.StoredKey k : found) {
                out.addKeys(TitleKey.newBuilder().setKeyId(k.key().keyIdHex())
                        .setKey(ByteString.copyFrom(k.key().key())).setCreatedEpochMs(k.createdAt().toEpochMilli()));
            }
            response.onNext(out.build());
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(Status.UNAVAILABLE.withDescription("key store unavailable").asRuntimeException());
        }
    }
}
