// Helpers for the browser tests: start Debian's Chromium through
// playwright-core, run axe-core (WCAG 2.0/2.1 A and AA) on every page a test
// visits, watch each page for script errors, CSP violations and failed
// subresources, and keep a screenshot per scenario for a person to look at.
//
// Decisions (why it is done this way):
// - axe is injected with page.evaluate(source of axe.min.js). The app's CSP
//   (script-src 'self') blocks page.addScriptTag({ path }), which inserts an
//   inline <script>; DevTools evaluation is not subject to CSP, so the CSP
//   stays on for the whole test (bypassCSP would also hide CSP violations of
//   the app itself, which the page watcher reports).
// - axe cannot run in a context created with javaScriptEnabled: false (its
//   timers never fire). For such a page the test's DOM (page.content(), i.e.
//   exactly what the server sent, as no script ran) is served under the same
//   URL to a separate JavaScript-enabled audit page by page.route(), so the
//   same stylesheets load from the real server and colour contrast is real.
// - Chromium keeps Secure cookies on http://127.0.0.1 (loopback counts as a
//   secure context), so the server runs with its default Secure cookies and
//   no --insecure-cookies.
// - UI texts may be English msgids or bokmål (po/nb.po is being filled), so
//   elements are found by structure (name, id, href, role) or by the label
//   text read from the page, and texts are matched by patterns that accept
//   either language where a test needs them.
//
// Environment: SKOLESEC_CHROMIUM (default /usr/bin/chromium; install with
// `apt-get install chromium`, scripts/install-deps.sh does), plus those of
// tests/http/lib.mjs (SKOLESEC_BIN, SKOLESEC_TEST_PG).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../http/lib.mjs';

export { startServer } from '../http/lib.mjs';

export const CHROMIUM = process.env.SKOLESEC_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const SHOTS = path.join(ROOT, 'build', 'e2e-screenshots');
// A guard against hanging forever, not a speed assertion.
const ACTION_TIMEOUT_MS = 15_000;

const AXE_SOURCE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

// Launches Chromium. playwright's launch() gives each browser a fresh
// temporary user-data dir and removes it on close.
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set SKOLESEC_CHROMIUM)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

const noScript = new WeakSet(); // contexts created with javaScriptEnabled: false
const watchers = new WeakMap(); // page -> watcher state

// A new browser context (its own cookies: a fresh, logged-out person) and
// one watched page in it.
export async function newPage(browser, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  if (!javaScriptEnabled) noScript.add(context);
  const page = await context.newPage();
  watch(page);
  return page;
}

function watch(page) {
  const w = { problems: [], navigations: 0, audited: 0, unaudited: [], lastUrl: null };
  watchers.set(page, w);
  page.on('pageerror', (err) => w.problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) {
      w.problems.push(`CSP violation on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    const req = res.request();
    const url = new URL(res.url());
    // Documents may be 4xx on purpose (wrong password, used invitation);
    // the browser's own /favicon.ico probe is not the app's doing.
    if (req.resourceType() === 'document' || url.pathname === '/favicon.ico') return;
    if (res.status() >= 400) w.problems.push(`${res.status()} for ${req.resourceType()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    if (new URL(req.url()).pathname === '/favicon.ico') return;
    w.problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    if (w.navigations > w.audited && w.lastUrl) w.unaudited.push(w.lastUrl);
    w.navigations += 1;
    w.lastUrl = frame.url();
  });
}

// Asserts that the page had no script error, CSP violation or failed
// subresource, and that axe ran on every page it showed.
export function assertPageClean(page) {
  const w = watchers.get(page);
  assert.ok(w, 'page was not created with newPage()');
  const unaudited = [...w.unaudited];
  if (w.navigations > w.audited && w.lastUrl) unaudited.push(w.lastUrl);
  assert.deepEqual(w.problems, [], `problems on ${page.url()}`);
  assert.deepEqual(unaudited, [], 'pages shown without an axe check');
}

function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\s+/g, ' ')}\n      ${n.html}`);
    return `  ${v.id} (${v.impact}): ${v.help}\n${nodes.join('\n')}`;
  }).join('\n');
}

async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }), AXE_TAGS);
}

// Runs axe on the page as it is now and asserts 0 violations.
export async function checkA11y(page, what = '') {
  const w = watchers.get(page);
  await page.waitForLoadState('load');
  const url = page.url();
  let result;
  if (noScript.has(page.context())) {
    const html = await page.content();
    const auditContext = await page.context().browser().newContext({ viewport: page.viewportSize() });
    try {
      const audit = await auditContext.newPage();
      await audit.route((u) => u.href === url, (route) => route.fulfill({
        status: 200, contentType: 'text/html; charset=utf-8', body: html,
      }));
      await audit.goto(url, { waitUntil: 'load' });
      result = await runAxe(audit);
    } finally {
      await auditContext.close();
    }
  } else {
    result = await runAxe(page);
  }
  if (w) w.audited = w.navigations;
  assert.equal(result.violations.length, 0,
    `axe found ${result.violations.length} WCAG violation(s) on ${url}${what ? ` (${what})` : ''}:\n${formatViolations(result.violations)}`);
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Runs action (a click that submits or follows a link), waits until the
// main frame has committed and loaded the next document, and asserts its URL
// matches re. (page.waitForURL would return at once when the URL already
// matches, as after a form that posts to its own address.)
export async function navigate(page, action, re = /.*/) {
  const committed = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await action();
  await committed;
  await page.waitForLoadState('load');
  assert.match(page.url(), re, 'address after navigation');
  return page;
}

// The visible form control named `name` inside `scope`, found through its
// <label>: the label's text is read from the page (it may be English or
// bokmål) and getByLabel() must lead back to the same control, so a control
// without a working label fails here.
export async function field(scope, name) {
  const control = scope.locator(`[name="${name}"]:not([type=hidden])`);
  assert.equal(await control.count(), 1, `one control named ${name}`);
  const id = await control.getAttribute('id');
  assert.ok(id, `control ${name} has an id for its label`);
  const label = scope.locator(`label[for="${id}"]`);
  assert.equal(await label.count(), 1, `one <label for="${id}">`);
  const text = (await label.innerText()).trim();
  assert.ok(text, `label of ${name} has text`);
  const byLabel = scope.getByLabel(text, { exact: true });
  assert.equal(await byLabel.getAttribute('name'), name, `getByLabel(${JSON.stringify(text)}) finds ${name}`);
  return byLabel;
}

// Logs in through the login form (already open or opened here) and waits
// for the organisation overview /o/<id>. Returns the org id.
export async function logIn(page, base, email, password) {
  if (new URL(page.url()).pathname !== '/login') {
    await page.goto(`${base}/login`);
    await checkA11y(page, 'login form');
  }
  const form = page.locator('form[action="/login"]');
  await (await field(form, 'email')).fill(email);
  await (await field(form, 'password')).fill(password);
  await navigate(page, () => form.locator('button[type=submit]').click(), /\/o\/\d+$/);
  await checkA11y(page, `overview after login as ${email}`);
  return Number(/\/o\/(\d+)$/.exec(page.url())[1]);
}

// Asserts that Designsystemet's theme and components are applied: the
// theme's accent token is defined and a .ds-button has the component's look.
export async function assertDesignsystemet(page) {
  const style = await page.evaluate(() => {
    const token = getComputedStyle(document.documentElement).getPropertyValue('--ds-color-accent-base-default').trim();
    const button = document.querySelector('.ds-button');
    const b = button ? getComputedStyle(button) : null;
    return { token, radius: b?.borderTopLeftRadius, cursor: b?.cursor, font: getComputedStyle(document.body).fontFamily };
  });
  assert.ok(style.token, 'theme token --ds-color-accent-base-default is defined (theme.css loaded)');
  assert.ok(style.radius && style.radius !== '0px', `.ds-button has rounded corners (designsystemet.css loaded): ${JSON.stringify(style)}`);
}

// Texts that may come from the bokmål catalogue or be the English msgid.
export const TEXT = {
  logIn: /^\s*(logg inn|log in)\s*$/i,
  logOut: /^\s*(logg ut|log out)\s*$/i,
};
