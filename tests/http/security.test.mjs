// Cross-cutting protections of the request pipeline: security headers on
// every kind of response, CSRF and Origin checks on state changes, the form
// content type, what an anonymous visitor gets, and the static file server
// (caching, and no way out of its folder). A browser relies on each of these;
// none of them is visible in normal use, so they are asserted here.
//
// The server serves static files from a temporary folder made by this test,
// with a hidden file inside and "secret" files next to it, so that a path
// that escapes the folder would actually find something.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startServer, Client, csrfOf, loggedIn, dbSnapshot, orgIdOf, rawRequest, rawGet,
} from './lib.mjs';

const SECRET = 'SECRET-OUTSIDE-STATIC-7f3a';
let srv;
let bergen;
let tmp;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skolesec-static-'));
  const st = path.join(tmp, 'static');
  fs.mkdirSync(path.join(st, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(st, 'app.css'), 'body { color: black; }\n');
  fs.writeFileSync(path.join(st, 'sub', 'ok.txt'), 'plain text\n');
  fs.writeFileSync(path.join(st, '.hidden'), `${SECRET} hidden\n`);
  fs.mkdirSync(path.join(st, '.git'));
  fs.writeFileSync(path.join(st, '.git', 'config'), `${SECRET} git\n`);
  fs.writeFileSync(path.join(tmp, 'Makefile'), `${SECRET} makefile\n`);
  fs.writeFileSync(path.join(tmp, 'secret.txt'), `${SECRET} txt\n`);
  srv = await startServer({ args: ['--static', st] });
  bergen = orgIdOf(srv.db, 'municipality', '4601');
});

after(async () => {
  try {
    await srv?.stop();
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
});

function assertSecurityHeaders(res, what) {
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy`);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean)
    .map((d) => { const [k, ...v] = d.split(/\s+/); return [k.toLowerCase(), v.join(' ')]; }));
  assert.equal(directives['default-src'], "'none'", `${what}: ${csp}`);
  assert.equal(directives['frame-ancestors'], "'none'", `${what}: ${csp}`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: ${csp}`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
  assert.ok(res.headers.get('referrer-policy'), `${what}: no Referrer-Policy`);
}

test('HTML, static and error responses carry the security headers; HTML is not cached', async () => {
  const c = new Client(srv.base);
  const html = await c.get('/login');
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assertSecurityHeaders(html, 'GET /login');
  assert.match(html.headers.get('cache-control') || '', /no-store/);

  const css = await c.get('/static/app.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assertSecurityHeaders(css, 'GET /static/app.css');
  assert.doesNotMatch(css.headers.get('cache-control') || '', /no-store/);

  const missing = await c.get('/no/such/page');
  assert.equal(missing.status, 404);
  assertSecurityHeaders(missing, '404');
  assert.match(missing.headers.get('cache-control') || '', /no-store/);

  const admin = await loggedIn(srv.base, 'leser@bergen.demo');
  const denied = await admin.get(`/o/${bergen}/users`);
  assert.equal(denied.status, 403);
  assertSecurityHeaders(denied, '403');
  assert.match(denied.headers.get('cache-control') || '', /no-store/);

  const page = await admin.get(`/o/${bergen}`);
  assert.equal(page.status, 200);
  assertSecurityHeaders(page, 'org page');
  assert.match(page.headers.get('cache-control') || '', /no-store/);
  // No inline script or style that the CSP would have to allow.
  assert.doesNotMatch(page.text, /<script\b(?![^>]*\bsrc=)/i);
  assert.doesNotMatch(page.text, /<style\b|\sstyle=/i);
});

const TABLES = ['invites', 'memberships', 'users', 'audit'];

test('CSRF: a state change without, with a wrong or with a doubled token is refused with 403', async () => {
  const admin = await loggedIn(srv.base, 'admin@bergen.demo');
  const token = await csrfOf(admin);
  const before = dbSnapshot(srv.db, TABLES);
  const url = `/o/${bergen}/users/invite`;
  const invite = { email: 'csrf-victim@bergen.demo', role: 'org_admin' };

  const none = await admin.post(url, invite);
  assert.equal(none.status, 403, 'no _csrf');
  const wrong = await admin.post(url, { ...invite, _csrf: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A') });
  assert.equal(wrong.status, 403, 'wrong _csrf');
  const empty = await admin.post(url, { ...invite, _csrf: '' });
  assert.equal(empty.status, 403, 'empty _csrf');
  const twice = await admin.post(url, { ...invite, _csrf: [token, token] });
  assert.equal(twice.status, 403, '_csrf twice');
  // Another user's valid token is not valid for this session.
  const other = await loggedIn(srv.base, 'pvo@bergen.demo');
  const foreign = await admin.post(url, { ...invite, _csrf: await csrfOf(other) });
  assert.equal(foreign.status, 403, "another session's token");
  const logout = await admin.post('/logout', {});
  assert.equal(logout.status, 403, 'logout without _csrf');
  assert.equal((await admin.get('/account')).status, 200, 'still logged in');

  assert.deepEqual(dbSnapshot(srv.db, TABLES), before, 'nothing changed');
  // The same request with the right token does go through.
  const ok = await admin.post(url, { ...invite, _csrf: token });
  assert.equal(ok.status, 200);
  assert.notDeepEqual(dbSnapshot(srv.db, ['invites']).invites, before.invites);
});

test('a POST with the Origin of another site is refused with 403 even with the right token', async () => {
  const admin = await loggedIn(srv.base, 'admin@bergen.demo');
  const token = await csrfOf(admin);
  const before = dbSnapshot(srv.db, TABLES);
  for (const origin of ['https://evil.example', `http://127.0.0.1:${srv.port + 1}`, 'null', `http://localhost:${srv.port}`]) {
    const r = await admin.post(`/o/${bergen}/users/invite`, { email: 'origin@bergen.demo', role: 'reader', _csrf: token },
      { headers: { origin } });
    assert.equal(r.status, 403, `Origin: ${origin}`);
  }
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
});

test('forms sent as multipart or JSON are refused with 415', async () => {
  const admin = await loggedIn(srv.base, 'admin@bergen.demo');
  const token = await csrfOf(admin);
  const before = dbSnapshot(srv.db, TABLES);
  const url = `/o/${bergen}/users/invite`;
  const fd = new FormData();
  fd.append('email', 'multipart@bergen.demo');
  fd.append('role', 'reader');
  fd.append('_csrf', token);
  const mp = await admin.request(url, { method: 'POST', body: fd });
  assert.equal(mp.status, 415, 'multipart/form-data');
  const json = await admin.post(url, JSON.stringify({ email: 'json@bergen.demo', role: 'reader', _csrf: token }),
    { headers: { 'content-type': 'application/json' } });
  assert.equal(json.status, 415, 'application/json');
  const plain = await admin.post(url, `email=plain%40bergen.demo&role=reader&_csrf=${token}`,
    { headers: { 'content-type': 'text/plain' } });
  assert.equal(plain.status, 415, 'text/plain');
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
});

test('not logged in: GET of a protected page redirects to /login?next=..., POST gives 401', async () => {
  const anon = new Client(srv.base);
  for (const p of [`/o/${bergen}`, `/o/${bergen}/users`, `/o/${bergen}/schools/1`, '/account', `/o/${bergen}/audit?before=5`]) {
    const r = await anon.get(p);
    assert.equal(r.status, 303, p);
    assert.ok(r.location.startsWith('/login?next='), `${p} -> ${r.location}`);
    const next = decodeURIComponent(r.location.slice('/login?next='.length));
    assert.equal(next, p);
  }
  const token = await csrfOf(anon, '/login');
  const before = dbSnapshot(srv.db, TABLES);
  for (const p of [`/o/${bergen}/users/invite`, '/account/password', '/logout', `/o/${bergen}/users/1/roles`]) {
    const r = await anon.post(p, { email: 'anon@bergen.demo', role: 'reader', org_admin: 'on', _csrf: token });
    assert.equal(r.status, 401, p);
  }
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
  // A forged session cookie is the same as none.
  const forged = new Client(srv.base);
  forged.cookies.set('skolesec_sid', 'B'.repeat(43));
  const r = await forged.get(`/o/${bergen}`);
  assert.equal(r.status, 303);
});

test('the login page only redirects to local paths after login', async () => {
  for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
    const c = new Client(srv.base);
    const token = await csrfOf(c, '/login');
    const r = await c.post('/login', { email: 'leser@bergen.demo', password: 'skolesec-demo', next, _csrf: token });
    assert.equal(r.status, 303, next);
    assert.equal(r.location, '/', `next=${next} -> ${r.location}`);
  }
});

test('static files have an ETag and answer 304 to If-None-Match', async () => {
  const c = new Client(srv.base);
  const r = await c.get('/static/app.css');
  assert.equal(r.status, 200);
  assert.equal(r.text, 'body { color: black; }\n');
  const etag = r.headers.get('etag');
  assert.ok(etag, 'ETag present');
  const again = await c.get('/static/app.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
  const stale = await c.get('/static/app.css', { headers: { 'if-none-match': '"0-0"' } });
  assert.equal(stale.status, 200);
  const sub = await c.get('/static/sub/ok.txt');
  assert.equal(sub.status, 200);
  assert.equal(sub.text, 'plain text\n');
});

test('static paths cannot leave the folder or reach hidden files', async () => {
  const attempts = [
    '/static/../Makefile',
    '/static/../secret.txt',
    '/static/%2e%2e/Makefile',
    '/static/%2E%2E/secret.txt',
    '/static/..%2fMakefile',
    '/static/%2e%2e%2fsecret.txt',
    '/static/sub/../../Makefile',
    '/static/sub/%2e%2e/%2e%2e/secret.txt',
    '/static/.hidden',
    '/static/%2ehidden',
    '/static/.git/config',
    '/static/sub/../.hidden',
    '/static//etc/passwd',
    '/static/%2fetc%2fpasswd',
    '/static/..\\Makefile',
    '/static/',
  ];
  for (const p of attempts) {
    const r = await rawRequest(srv.port, rawGet(p));
    assert.equal(r.status, 404, p);
    assert.ok(!r.raw.includes(SECRET), `${p} leaked a file`);
    assert.ok(!r.raw.includes('root:x:0:0'), `${p} leaked /etc/passwd`);
  }
});

test('/healthz answers 200 "ok"', async () => {
  const r = await new Client(srv.base).get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.text.trim(), 'ok');
});
