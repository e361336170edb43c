// End-to-end: a viewer in Debian's Chromium (headless, driven by playwright-core; no browser download) signs in,
// picks a profile, browses, plays an encrypted title from an appliance, and keeps playing when that appliance dies.
//
//   node e2e/play.e2e.mjs --page http://127.0.0.1:8103/player/index.html --gateway http://127.0.0.1:8080/graphql \
//        --origin-port 8200 --kill-command './streamplane oca-kill {port}'
//
// Exits 0 when every check passed; otherwise prints the failed check and exits 1.
import { chromium } from 'playwright-core';
import { execSync } from 'node:child_process';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const pageUrl = args.page || 'http://127.0.0.1:8103/player/index.html';
const gateway = args.gateway || 'http://127.0.0.1:8080/graphql';
const originPort = args['origin-port'];
const killCommand = args['kill-command'];
const password = args.password || 'streamplane-demo';
const timeoutMs = Number(args.timeout || 120000);

const log = (...parts) => console.log(`[e2e ${new Date().toISOString().slice(11, 19)}]`, ...parts);
function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  log(`ok - ${message}`);
}
const portOf = (url) => new URL(url).port;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
let exitCode = 1;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeoutMs);
  page.on('console', (message) => { if (message.type() === 'error') log('browser console:', message.text()); });
  const url = `${pageUrl}?gateway=${encodeURIComponent(gateway)}&password=${encodeURIComponent(password)}`;
  await page.goto(url);

  await page.click('#signin-button');
  await page.waitForSelector('#profile-list button');
  check(await page.locator('#who').textContent() !== '', 'signed in');
  await page.locator('#profile-list button', { hasNotText: 'kids' }).first().click();
  await page.waitForSelector('[data-play]');
  const playable = await page.locator('[data-play]').count();
  check(playable > 0, `the row shows ${playable} playable title(s)`);

  await page.locator('[data-play]').first().click();
  await page.waitForFunction(() => window.streamplane.session !== null || window.streamplane.errors.length > 0);
  const session = await page.evaluate(() => window.streamplane.session);
  const startErrors = await page.evaluate(() => window.streamplane.errors);
  check(session && startErrors.length === 0, `startPlayback returned a session (errors: ${JSON.stringify(startErrors)})`);
  check(session.licenseUrl, 'the title is encrypted (a licence URL was issued)');
  check(session.sources.length >= 3, `steering ranked ${session.sources.length} sources: ${
    session.sources.map((s) => `${s.applianceId} (${s.reason})`).join('; ')}`);

  const advance = async (seconds, label) => {
    const from = await page.evaluate(() => document.getElementById('video').currentTime);
    await page.waitForFunction(([start, delta]) => {
      const s = window.streamplane;
      return s.errors.length > 0 || document.getElementById('video').currentTime >= start + delta;
    }, [from, seconds], { timeout: timeoutMs, polling: 250 });
    const now = await page.evaluate(() => ({
      time: document.getElementById('video').currentTime, errors: window.streamplane.errors,
      width: document.getElementById('video').videoWidth,
    }));
    check(now.errors.length === 0, `${label}: no player error (${JSON.stringify(now.errors)})`);
    check(now.time >= from + seconds, `${label}: video time advanced from ${from.toFixed(1)} s to ${now.time.toFixed(1)} s (${now.width}px wide)`);
  };
  await advance(5, 'encrypted playback');

  const segments = await page.evaluate(() => window.streamplane.segments.map((s) => s.url));
  const servingPort = portOf(segments[segments.length - 1]);
  check(segments.length > 0, `${segments.length} segments fetched`);
  check(!originPort || segments.every((s) => portOf(s) !== String(originPort)), 'no segment came from the origin');
  check(portOf(session.sources[0].url) === servingPort, `segments came from the top-ranked appliance ${session.sources[0].applianceId}`);

  if (killCommand) {
    const command = killCommand.replaceAll('{port}', servingPort);
    log(`killing the serving appliance: ${command}`);
    execSync(command, { stdio: 'inherit' });
    // A response already on its way when the appliance died may still be recorded just after the kill: judge only
    // what was fetched from a second after it.
    const settled = Date.now() + 1000;
    await advance(6, 'after the serving appliance died');
    const after = await page.evaluate((since) => window.streamplane.segments
      .filter((s) => s.at >= since).map((s) => s.url), settled);
    check(after.length > 0, `${after.length} more segments fetched after the kill`);
    check(after.every((s) => portOf(s) !== servingPort), `they came from elsewhere: ${[...new Set(after.map(portOf))].join(', ')}`);
    const next = session.sources[1];
    check(after.every((s) => portOf(s) === portOf(next.url)), `the next ranked source served them: ${next.applianceId} (${next.reason})`);
  }
  exitCode = 0;
  log('PASS');
} catch (error) {
  log(`FAIL: ${error.message}`);
} finally {
  await browser.close();
  process.exit(exitCode);
}
