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
import net from 'node:net';
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
    const proc = spawn(BIN, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(env) });
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
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(env) },
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

// ---- direct database access (sqlite3 CLI or psql), for setting up states
// the UI cannot reach (an old session, a tampered audit row) and for
// checking what a request changed.

const FS = '\x1f';
const RS = '\x1e';

export function isPostgres(url) {
  return /^postgres(ql)?:\/\//.test(url);
}

function sqlArgs(url, sql) {
  if (isPostgres(url)) {
    return ['psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-F', FS, '-R', RS, '-d', url, '-c', sql]];
  }
  const file = url.replace(/^sqlite:/, '');
  return ['sqlite3', ['-batch', '-noheader', '-bail', '-cmd', '.timeout 5000',
    '-separator', FS, '-newline', RS, file, sql]];
}

// Runs one SQL statement and returns its rows as arrays of strings (NULL
// comes back as ''). Throws with the tool's stderr on an error.
export function dbQuery(url, sql) {
  const [cmd, args] = sqlArgs(url, sql);
  let out;
  try {
    out = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`${cmd} failed on ${JSON.stringify(sql)}: ${err.stderr || err.message}`);
  }
  // sqlite3 ends every row with RS; psql separates rows with RS and ends
  // the output with a newline.
  if (out === '') return [];
  const rows = isPostgres(url) ? out.replace(/\n$/, '').split(RS) : out.split(RS).slice(0, -1);
  return rows.map((r) => r.split(FS));
}

// Runs a statement that changes data; add RETURNING to learn which rows.
export function dbExec(url, sql) {
  return dbQuery(url, sql);
}

// The single value of a one-row, one-column query.
export function dbValue(url, sql) {
  const rows = dbQuery(url, sql);
  assert.equal(rows.length, 1, `expected one row from ${sql}, got ${JSON.stringify(rows)}`);
  return rows[0][0];
}

// Every row of each table as text, sorted, as one comparable object
// { table: [row, ...] }. One tool run per snapshot (PostgreSQL) or two
// (SQLite: column names first), since these run around many requests.
export function dbSnapshot(url, tables) {
  for (const t of tables) assert.match(t, /^[a-z_]+$/, `table name ${t}`);
  let sql;
  if (isPostgres(url)) {
    sql = tables.map((t) => `SELECT '${t}' AS t, x::text AS r FROM ${t} x`).join(' UNION ALL ');
  } else {
    const cols = new Map(tables.map((t) => [t, []]));
    const list = tables.map((t) => `'${t}'`).join(', ');
    for (const [t, c] of dbQuery(url, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name IN (${list}) ORDER BY m.name, p.cid`)) {
      cols.get(t).push(c);
    }
    sql = tables.map((t) => {
      assert.ok(cols.get(t).length > 0, `table ${t} has no columns`);
      return `SELECT '${t}' AS t, ${cols.get(t).map((c) => `quote("${c}")`).join(" || ',' || ")} AS r FROM ${t}`;
    }).join(' UNION ALL ');
  }
  const snap = Object.fromEntries(tables.map((t) => [t, []]));
  for (const [t, r] of dbQuery(url, `SELECT t, r FROM (${sql}) q ORDER BY t, r`)) snap[t].push(r);
  return snap;
}

// ---- raw HTTP over a socket, for requests fetch() would refuse or
// normalise (dot segments, oversized headers, slow clients).

// Sends data (string or Buffer) and collects what comes back until the
// server closes the connection or timeout ms pass. Returns
//   { status, headers (lower-case names), body, raw, error }
// where status is null if no status line arrived.
export function rawRequest(port, data, { timeout = 5000 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const chunks = [];
    let error = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(raw);
      const headers = {};
      let body = '';
      if (m) {
        const end = raw.indexOf('\r\n\r\n');
        const head = end >= 0 ? raw.slice(m[0].length, end) : raw.slice(m[0].length);
        for (const line of head.split('\r\n')) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        body = end >= 0 ? Buffer.from(raw.slice(end + 4), 'latin1').toString('utf8') : '';
      }
      resolve({ status: m ? Number(m[1]) : null, headers, body, raw, error });
    };
    const timer = setTimeout(finish, timeout);
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (err) => { error = err; finish(); });
    sock.on('close', finish);
    sock.on('connect', () => {
      sock.write(data, () => { /* written */ });
    });
  });
}

// A request line and headers for rawRequest (Connection: close, so the
// server ends the exchange after one response).
export function rawGet(pathRaw, extraHeaders = '') {
  return `GET ${pathRaw} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extraHeaders}\r\n`;
}

// ---- small conveniences shared by the test files

export const DEMO_PASSWORD = 'skolesec-demo';

// The CSRF token of the client's current session (or pre-login cookie),
// read from a page that carries a form.
export async function csrfOf(client, page = '/account') {
  const r = await client.get(page);
  const token = csrfFrom(r.text);
  if (token === null) throw new Error(`GET ${page} (${r.status}) has no _csrf input`);
  return token;
}

// A logged-in client; throws unless the login answers 303.
export async function loggedIn(base, email, password = DEMO_PASSWORD, { lang } = {}) {
  const c = new Client(base);
  if (lang) c.cookies.set('skolesec_lang', lang);
  const r = await c.login(email, password);
  if (r.status !== 303) throw new Error(`login as ${email}: ${r.status}\n${r.text.slice(0, 1500)}`);
  return c;
}

// Id of an organisation by kind and number (kommunenummer for municipalities).
export function orgIdOf(url, kind, number) {
  return Number(dbValue(url, `SELECT id FROM orgs WHERE kind = '${kind}' AND number = '${number}'`));
}

// Text content of the first element with the given class, tags stripped.
export function textOfClass(html, cls) {
  const m = new RegExp(`<(\\w+)[^>]*class="[^"]*\\b${cls}\\b[^"]*"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return m ? m[2].replace(/<[^>]+>/g, '').trim() : null;
}
