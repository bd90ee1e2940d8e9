// Helpers for the HTTP tests: each test file starts the real skolesec binary
// on a loopback port against a fresh database and talks to it with a small
// cookie-keeping client that never follows redirects.
//
// Environment:
//   SKOLESEC_BIN       the binary (default: build/skolesec in the repo root)
//   SKOLESEC_TEST_PG   DIR of a running cluster from scripts/pg-test.sh: each
//                      test file gets a fresh PostgreSQL database there;
//                      unset: a fresh SQLite file in a temp directory
//   SKOLESEC_TEST_KEEP keep SQLite temp directories after stop() (debugging)

import { spawn, execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.SKOLESEC_BIN
  ? path.resolve(process.env.SKOLESEC_BIN)
  : path.join(ROOT, 'build', 'skolesec');

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const DEMO_TIMEOUT_MS = 120_000;

let dbCounter = 0;

// A fresh, empty database for this test file: { url, cleanup() }.
export function freshDatabase(label) {
  dbCounter += 1;
  const file = path.basename(process.argv[1] || 'test', '.mjs').replace(/\.test$/, '');
  const base = label || file;
  const pgDir = process.env.SKOLESEC_TEST_PG;
  if (pgDir) {
    const safe = base.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 40);
    const name = `t_${safe}_${process.pid}_${dbCounter}`;
    const url = execFileSync('bash', [path.join(ROOT, 'scripts', 'pg-test.sh'), 'createdb', pgDir, name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    assert.match(url, /^postgresql:\/\//, `pg-test.sh createdb printed no URL: ${url}`);
    return { url, cleanup() {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `skolesec-${base.replace(/[^A-Za-z0-9_-]+/g, '_')}-`));
  return {
    url: `sqlite:${path.join(dir, 'test.db')}`,
    cleanup() {
      if (!process.env.SKOLESEC_TEST_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function serverEnv(extra) {
  return { ...process.env, SKOLESEC_PWHASH: 'min', ...extra };
}

// Runs the binary to completion: { code, signal, stdout, stderr }.
export function runBin(args, { env, timeout = DEMO_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(env) });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    proc.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeout);
    proc.on('error', (err) => { clearTimeout(timer); reject(new Error(`cannot run ${BIN}: ${err.message}`)); });
    proc.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
}

// Loads schema and demo data into a fresh database (or opts.db), then starts
// `skolesec serve` on a free loopback port. Returns
//   { base, port, proc, db, demo, stderr, stdout, waitForStderr(re), stop() }
// where demo is the stdout of `skolesec demo` (the demo logins), stderr the
// server's stderr so far (access log lines go there).
export async function startServer({ db, demo = true, env, args = [] } = {}) {
  const fresh = db ? null : freshDatabase();
  const url = db || fresh.url;
  try {
    return await launch(url, fresh, { demo, env, args });
  } catch (err) {
    fresh?.cleanup();
    throw err;
  }
}

async function launch(url, fresh, { demo, env, args }) {
  let demoOut = '';
  if (demo) {
    const r = await runBin(['demo', '--db', url], { env });
    if (r.code !== 0) {
      throw new Error(`${BIN} demo --db ${url} exited with ${r.code ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    }
    demoOut = r.stdout;
  }

  const proc = spawn(
    BIN,
    ['serve', '--db', url, '--port', '0', '--bind', '127.0.0.1', '--threads', '2', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(env) },
  );
  let stdout = '';
  let stderr = '';
  let exited = null; // { code, signal } once the process has exited
  const exitWaiters = [];
  const stderrWaiters = new Set();

  // A test that forgets stop() must not hang its file: the server does not
  // keep the event loop alive and is killed when the test process exits.
  const killOnExit = () => { try { proc.kill('SIGKILL'); } catch { /* gone */ } };
  const onProcessExit = () => { killOnExit(); fresh?.cleanup(); };
  process.once('exit', onProcessExit);
  proc.unref();
  proc.stdout.unref?.();
  proc.stderr.unref?.();

  proc.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
    for (const w of stderrWaiters) w();
  });
  // 'close' rather than 'exit': by then all of stderr has been read.
  proc.on('close', (code, signal) => {
    exited = { code, signal };
    process.removeListener('exit', onProcessExit);
    for (const w of exitWaiters.splice(0)) w(exited);
    for (const w of stderrWaiters) w();
  });
  const waitExit = () => new Promise((resolve) => {
    if (exited) resolve(exited);
    else exitWaiters.push(resolve);
  });

  const port = await new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      reject(new Error(`${BIN} serve ${why}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    };
    const timer = setTimeout(() => {
      killOnExit();
      fail(`printed no "listening on" line within ${START_TIMEOUT_MS} ms`);
    }, START_TIMEOUT_MS);
    proc.on('error', (err) => fail(`could not be started: ${err.message}`));
    proc.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    waitExit().then((e) => fail(`exited early with ${e.code ?? e.signal}`));
  });
  const base = `http://127.0.0.1:${port}`;

  let stopped = false;
  return {
    base,
    port,
    proc,
    db: url,
    demo: demoOut,
    get stderr() { return stderr; },
    get stdout() { return stdout; },
    get exited() { return exited; },

    // Resolves with the first match of re in stderr (e.g. an access log line,
    // which may be written just after the response is sent).
    waitForStderr(re, { timeout = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(stderr);
          if (m) { done(); resolve(m); } else if (exited) { done(); reject(new Error(`server exited; no ${re} in stderr:\n${stderr}`)); }
        };
        const timer = setTimeout(() => { done(); reject(new Error(`no ${re} in stderr within ${timeout} ms:\n${stderr}`)); }, timeout);
        const done = () => { clearTimeout(timer); stderrWaiters.delete(check); };
        stderrWaiters.add(check);
        check();
      });
    },

    // SIGTERM, wait for exit, and assert a clean exit (status 0).
    async stop() {
      if (stopped) return;
      stopped = true;
      if (exited) {
        fresh?.cleanup();
        throw new Error(`server had already exited with ${exited.code ?? exited.signal}\n--- stderr\n${stderr}`);
      }
      proc.kill('SIGTERM');
      let timer;
      const result = await Promise.race([
        waitExit(),
        new Promise((resolve) => { timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS); }),
      ]);
      clearTimeout(timer);
      if (!result) {
        killOnExit();
        await waitExit();
        fresh?.cleanup();
        throw new Error(`server did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n--- stderr\n${stderr}`);
      }
      fresh?.cleanup();
      assert.equal(result.code, 0, `server exit status ${result.code ?? result.signal} after SIGTERM\n--- stderr\n${stderr}`);
    },
  };
}

function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|#39);/gi, (all, e) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    if (k.startsWith('#')) return String.fromCodePoint(parseInt(k.slice(1), 10));
    return all;
  });
}

// The value of the first <input name="_csrf" value="..."> in html, or null.
export function csrfFrom(html) {
  for (const [tag] of String(html).matchAll(/<input\b[^>]*>/gi)) {
    if (!/\bname\s*=\s*(["']?)_csrf\1(?=[\s/>])/i.test(tag)) continue;
    const m = /\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag);
    if (m) return decodeEntities(m[1] ?? m[2] ?? m[3]);
  }
  return null;
}

// Form body from an object; array values repeat the key.
export function formBody(obj) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) {
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else if (v !== undefined && v !== null) p.append(k, String(v));
  }
  return p.toString();
}

// A cookie-keeping HTTP client that never follows redirects.
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
  }

  cookie(name) { return this.cookies.get(name); }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  storeCookies(headers) {
    const list = typeof headers.getSetCookie === 'function'
      ? headers.getSetCookie()
      : (headers.get('set-cookie') ? [headers.get('set-cookie')] : []);
    for (const sc of list) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expired = false;
      for (const a of attrs) {
        const [ak, ...av] = a.split('=');
        const key = ak.trim().toLowerCase();
        const val = av.join('=').trim();
        if (key === 'max-age' && /^-?\d+$/.test(val) && Number(val) <= 0) expired = true;
        if (key === 'expires' && !Number.isNaN(Date.parse(val)) && Date.parse(val) <= Date.now()) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // opts: { method, headers, body } as for fetch; unsafe methods get an
  // Origin header of the server unless opts.headers sets one. Returns
  // { status, headers, text, location }.
  async request(pathOrUrl, opts = {}) {
    const url = new URL(pathOrUrl, this.base);
    const headers = new Headers(opts.headers || {});
    if (this.cookies.size && !headers.has('cookie')) headers.set('cookie', this.cookieHeader());
    // A browser sends Origin with a same-origin form POST; fetch here does not.
    const method = (opts.method || 'GET').toUpperCase();
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && !headers.has('origin')) {
      headers.set('origin', url.origin);
    }
    const res = await fetch(url, { ...opts, headers, redirect: 'manual' });
    this.storeCookies(res.headers);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(p, opts = {}) {
    return this.request(p, { ...opts, method: opts.method || 'GET' });
  }

  // data: an object (sent as application/x-www-form-urlencoded) or a raw
  // string / Buffer (sent as is; the content type defaults to the form one).
  post(p, data = '', opts = {}) {
    const headers = new Headers(opts.headers || {});
    const body = typeof data === 'string' || data instanceof Uint8Array ? data : formBody(data);
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
    return this.request(p, { ...opts, method: opts.method || 'POST', headers, body });
  }

  // GET /login, then POST the form with its _csrf token.
  async login(email, password) {
    const page = await this.get('/login');
    const token = csrfFrom(page.text);
    if (token === null) {
      throw new Error(`GET /login (${page.status}) has no _csrf input:\n${page.text.slice(0, 2000)}`);
    }
    return this.post('/login', { email, password, _csrf: token });
  }
}
