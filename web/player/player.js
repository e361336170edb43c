// The Streamplane web player: sign in, pick a profile, browse a row, press play. Everything goes through the gateway's
// GraphQL API except what a player must fetch itself: the session's manifest and licence (playback service) and the
// segments (the OCA appliances ranked by steering). State for tests and debugging is kept on window.streamplane.

const params = new URLSearchParams(location.search);
const gatewayUrl = params.get('gateway') || `${location.protocol}//${location.hostname}:8080/graphql`;
const rowSize = Number(params.get('row') || 20);

const state = window.streamplane = {
  accessToken: null, refreshToken: null, session: null, errors: [], segments: [], heartbeats: 0, playing: null,
};

const $ = (id) => document.getElementById(id);
const status = (text, isError = false) => {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
};

async function graphql(query, variables = {}) {
  const headers = { 'content-type': 'application/json' };
  if (state.accessToken) headers.authorization = `Bearer ${state.accessToken}`;
  const response = await fetch(gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors?.length) {
    const first = body.errors[0];
    const code = first.extensions?.reason || first.extensions?.code || 'ERROR';
    throw new Error(`${code}: ${first.message}`);
  }
  return body.data;
}

async function signIn(event) {
  event.preventDefault();
  try {
    const { signIn } = await graphql(
      `mutation SignIn($email: String!, $password: String!) {
         signIn(email: $email, password: $password) { accessToken refreshToken account { email profiles { id name kids } } }
       }`, { email: $('email').value, password: $('password').value });
    state.accessToken = signIn.accessToken;
    state.refreshToken = signIn.refreshToken;
    $('who').textContent = signIn.account.email;
    $('signin').hidden = true;
    showProfiles(signIn.account.profiles);
  } catch (e) {
    fail(e);
  }
}

function showProfiles(profiles) {
  const list = $('profile-list');
  list.replaceChildren(...profiles.map((profile) => {
    const button = document.createElement('button');
    button.textContent = profile.kids ? `${profile.name} (kids)` : profile.name;
    button.dataset.profileId = profile.id;
    button.addEventListener('click', () => selectProfile(profile));
    return button;
  }));
  $('profiles').hidden = false;
  status('');
}

async function selectProfile(profile) {
  try {
    const { selectProfile } = await graphql(
      `mutation Select($refreshToken: String!, $profileId: ID!) {
         selectProfile(refreshToken: $refreshToken, profileId: $profileId) { accessToken refreshToken }
       }`, { refreshToken: state.refreshToken, profileId: profile.id });
    state.accessToken = selectProfile.accessToken;
    state.refreshToken = selectProfile.refreshToken;
    $('who').textContent += ` · ${profile.name}`;
    $('profiles').hidden = true;
    await showRow();
  } catch (e) {
    fail(e);
  }
}

async function showRow() {
  const { browse } = await graphql(
    `query Row($first: Int!) { browse(first: $first) { edges { node { id name releaseYear playbackAvailable } } } }`,
    { first: rowSize });
  const titles = browse.edges.map((edge) => edge.node).filter((title) => title.playbackAvailable);
  $('titles').replaceChildren(...titles.map((title) => {
    const card = document.createElement('div');
    card.className = 'card';
    card.dataset.titleId = title.id;
    const heading = document.createElement('h3');
    heading.textContent = `${title.name} (${title.releaseYear})`;
    const play = document.createElement('button');
    play.textContent = 'Play';
    play.dataset.play = title.id;
    play.addEventListener('click', () => playTitle(title));
    card.append(heading, play);
    return card;
  }));
  $('browse').hidden = false;
  status(titles.length ? '' : 'No title has media yet: the encoding farm is still working on the demo titles.');
}

// Device capabilities as the browser reports them; the playback service cuts the manifest to these.
function deviceCapabilities() {
  const candidates = { avc1: 'video/mp4; codecs="avc1.64001f"', vp09: 'video/mp4; codecs="vp09.00.31.08"',
    av01: 'video/mp4; codecs="av01.0.05M.08"', mp4a: 'audio/mp4; codecs="mp4a.40.2"' };
  const codecs = Object.entries(candidates)
    .filter(([, type]) => window.MediaSource?.isTypeSupported(type)).map(([family]) => family);
  return { codecs, maxHeight: Math.max(720, screen.height || 0), hdr: false, keySystems: ['org.w3.clearkey'] };
}

async function playTitle(title) {
  try {
    await stopCurrent();
    const { startPlayback } = await graphql(
      `mutation Play($input: StartPlaybackInput!) {
         startPlayback(input: $input) {
           sessionId dashUrl licenseUrl keySystem heartbeatIntervalSeconds sources { applianceId url reason }
         }
       }`, { input: { titleId: title.id, device: deviceCapabilities() } });
    state.session = startPlayback;
    state.playing = title.id;
    await load(startPlayback);
    heartbeatEvery(startPlayback);
    status(`playing ${title.name}\nsources:\n${startPlayback.sources.map((s) => `  ${s.applianceId}: ${s.reason}`).join('\n')}`);
  } catch (e) {
    fail(e);
  }
}

let player;
async function load(session) {
  const video = $('video');
  video.hidden = false;
  if (!player) {
    shaka.polyfill.installAll();
    player = new shaka.Player();
    await player.attach(video);
    player.addEventListener('error', (event) => fail(new Error(`player ${event.detail.code}: ${event.detail.message || ''}`)));
    // Which host served each segment: the browser test checks the bytes came from an appliance, not the origin.
    player.getNetworkingEngine().registerResponseFilter((type, response) => {
      if (type === shaka.net.NetworkingEngine.RequestType.SEGMENT) {
        state.segments.push({ url: response.uri, at: Date.now() });
      }
    });
  }
  const drm = session.licenseUrl ? { servers: { [session.keySystem || 'org.w3.clearkey']: session.licenseUrl } } : {};
  // A failed segment request moves on to the next BaseURL (the next ranked appliance) quickly.
  player.configure({
    drm,
    streaming: { retryParameters: { maxAttempts: 4, baseDelay: 200, backoffFactor: 1.5, timeout: 4000 } },
  });
  await player.load(session.dashUrl);
  await video.play().catch(() => {});
}

let heartbeatTimer;
function heartbeatEvery(session) {
  clearInterval(heartbeatTimer);
  heartbeatTimer = setInterval(async () => {
    const video = $('video');
    const stats = player.getStats();
    try {
      await graphql(
        `mutation Beat($input: HeartbeatInput!) { heartbeat(input: $input) { leaseExpiresAt } }`,
        { input: { sessionId: session.sessionId, positionMs: video.currentTime * 1000,
          durationMs: Number.isFinite(video.duration) ? video.duration * 1000 : null,
          bitrateBps: stats.streamBandwidth || null, height: stats.height || null,
          droppedFrames: stats.droppedFrames || 0 } });
      state.heartbeats++;
    } catch (e) {
      state.errors.push(`heartbeat: ${e.message}`);
    }
  }, Math.max(2, session.heartbeatIntervalSeconds) * 1000);
}

async function stopCurrent() {
  if (!state.session) return;
  clearInterval(heartbeatTimer);
  const video = $('video');
  await graphql(`mutation Stop($id: ID!, $at: Float) { stopPlayback(sessionId: $id, positionMs: $at) }`,
    { id: state.session.sessionId, at: video.currentTime * 1000 }).catch(() => {});
  state.session = null;
}

function fail(error) {
  state.errors.push(error.message);
  status(error.message, true);
}

addEventListener('pagehide', () => { stopCurrent(); });
$('signin-form').addEventListener('submit', signIn);
if (params.get('password')) $('password').value = params.get('password');
