package io.streamplane.catalog.grpc;

import io.streamplane.catalog.model.Artwork;
import io.streamplane.catalog.model.ArtworkKind;
import io.streamplane.catalog.model.AvailabilityWindow;
import io.streamplane.catalog.model.Credit;
import io.streamplane.catalog.model.CreditRole;
import io.streamplane.catalog.model.Episode;
import io.streamplane.catalog.model.Genre;
import io.streamplane.catalog.model.MaturityRating;
import io.streamplane.catalog.model.MediaAsset;
import io.streamplane.catalog.model.Season;
import io.streamplane.catalog.model.Title;
import io.streamplane.catalog.model.TitleAssets;
import io.streamplane.catalog.model.TitleKind;
import io.streamplane.platform.errors.ServiceException;
import java.time.Instant;
import java.util.List;

/** Converts between the catalog's records and its protobuf contract. */
final class ProtoMapping {
  private ProtoMapping() {}

  static io.streamplane.proto.catalog.v1.Title toProto(Title t) {
    var b = io.streamplane.proto.catalog.v1.Title.newBuilder()
        .setId(t.id())
        .setKind(t.kind() == TitleKind.SHOW ? io.streamplane.proto.catalog.v1.TitleKind.TITLE_KIND_SHOW
            : io.streamplane.proto.catalog.v1.TitleKind.TITLE_KIND_MOVIE)
        .setName(t.name())
        .setSynopsis(nullToEmpty(t.synopsis()))
        .setReleaseYear(t.releaseYear())
        .setRuntimeMinutes(t.runtimeMinutes())
        .setMaturityRating(io.streamplane.proto.catalog.v1.MaturityRating.newBuilder()
            .setLabel(t.maturityRating().label()).setLevel(t.maturityRating().minimumAge()))
        .addAllAudioLanguages(t.audioLanguages())
        .addAllSubtitleLanguages(t.subtitleLanguages())
        .setPopularity(t.popularity());
    t.genres().forEach(g -> b.addGenres(io.streamplane.proto.catalog.v1.Genre.newBuilder().setId(g.id()).setName(g.name())));
    t.credits().forEach(c -> b.addCredits(io.streamplane.proto.catalog.v1.Credit.newBuilder()
        .setPersonId(c.personId()).setName(c.name()).setRole(c.role().name()).setCharacter(nullToEmpty(c.character()))));
    t.artwork().forEach(a -> b.addArtwork(io.streamplane.proto.catalog.v1.Artwork.newBuilder()
        .setId(a.id()).setKind(a.kind().name()).setUrl(a.url()).setWidth(a.width()).setHeight(a.height())
        .addAllTags(a.tags()).setLocale(nullToEmpty(a.locale()))));
    t.availability().forEach(w -> b.addAvailability(io.streamplane.proto.catalog.v1.AvailabilityWindow.newBuilder()
        .setCountry(w.country()).setAvailableFromEpochS(w.from().getEpochSecond())
        .setAvailableUntilEpochS(w.until() == null ? 0 : w.until().getEpochSecond())));
    for (Season s : t.seasons()) {
      var season = io.streamplane.proto.catalog.v1.Season.newBuilder().setNumber(s.number()).setReleaseYear(s.releaseYear());
      s.episodes().forEach(e -> season.addEpisodes(toProto(e)));
      b.addSeasons(season);
    }
    return b.build();
  }

  static io.streamplane.proto.catalog.v1.Episode toProto(Episode e) {
    return io.streamplane.proto.catalog.v1.Episode.newBuilder()
        .setId(e.id()).setTitleId(e.titleId()).setSeasonNumber(e.seasonNumber()).setEpisodeNumber(e.episodeNumber())
        .setName(e.name()).setSynopsis(nullToEmpty(e.synopsis())).setRuntimeMinutes(e.runtimeMinutes())
        .build();
  }

  static Title fromProto(io.streamplane.proto.catalog.v1.Title t) {
    TitleKind kind = switch (t.getKind()) {
      case TITLE_KIND_MOVIE -> TitleKind.MOVIE;
      case TITLE_KIND_SHOW -> TitleKind.SHOW;
      default -> throw ServiceException.badInput("title.kind must be TITLE_KIND_MOVIE or TITLE_KIND_SHOW");
    };
    return new Title(t.getId(), kind, t.getName(), emptyToNull(t.getSynopsis()), t.getReleaseYear(),
        t.getRuntimeMinutes(),
        new MaturityRating(t.getMaturityRating().getLabel(), t.getMaturityRating().getLevel()),
        t.getGenresList().stream().map(g -> new Genre(g.getId(), g.getName())).toList(),
        t.getCreditsList().stream().map(c -> new Credit(c.getPersonId(), c.getName(),
            enumValue(CreditRole.class, c.getRole(), "credit.role"), emptyToNull(c.getCharacter()))).toList(),
        t.getArtworkList().stream().map(a -> new Artwork(a.getId(), enumValue(ArtworkKind.class, a.getKind(),
            "artwork.kind"), a.getUrl(), a.getWidth(), a.getHeight(), a.getTagsList(), emptyToNull(a.getLocale())))
            .toList(),
        t.getAvailabilityList().stream().map(w -> new AvailabilityWindow(w.getCountry(),
            Instant.ofEpochSecond(w.getAvailableFromEpochS()),
            w.getAvailableUntilEpochS() == 0 ? null : Instant.ofEpochSecond(w.getAvailableUntilEpochS()))).toList(),
        t.getAudioLanguagesList(), t.getSubtitleLanguagesList(),
        t.getSeasonsList().stream().map(s -> new Season(s.getNumber(), s.getReleaseYear(),
            s.getEpisodesList().stream().map(e -> new Episode(e.getId(), t.getId(), s.getNumber(),
                e.getEpisodeNumber(), e.getName(), emptyToNull(e.getSynopsis()), e.getRuntimeMinutes())).toList()))
            .toList(),
        t.getPopularity());
  }

  static io.streamplane.proto.catalog.v1.TitleAssets toProto(TitleAssets assets) {
    var b = io.streamplane.proto.catalog.v1.TitleAssets.newBuilder()
        .setTitleId(assets.titleId())
        .setKeyId(nullToEmpty(assets.keyId()))
        .setUpdatedEpochMs(assets.updatedAt().toEpochMilli());
    for (MediaAsset a : assets.assets()) {
      b.addAssets(io.streamplane.proto.catalog.v1.MediaAsset.newBuilder()
          .setId(a.id()).setKind(a.kind()).setPath(a.path()).setCodec(nullToEmpty(a.codec()))
          .setWidth(a.width()).setHeight(a.height()).setBitrateBps(a.bitrateBps())
          .setLanguage(nullToEmpty(a.language())).setSizeBytes(a.sizeBytes()).setSha256(nullToEmpty(a.sha256()))
          .setVmaf(a.vmaf()));
    }
    return b.build();
  }

  static TitleAssets fromProto(io.streamplane.proto.catalog.v1.TitleAssets assets, Instant now) {
    return new TitleAssets(assets.getTitleId(),
        assets.getAssetsList().stream().map(a -> new MediaAsset(a.getId(), a.getKind(), a.getPath(),
            emptyToNull(a.getCodec()), a.getWidth(), a.getHeight(), a.getBitrateBps(), emptyToNull(a.getLanguage()),
            a.getSizeBytes(), emptyToNull(a.getSha256()), a.getVmaf())).toList(),
        emptyToNull(assets.getKeyId()), now);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw ServiceException.badInput(field + " '" + value + "' is not one of " + List.of(type.getEnumConstants()));
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
