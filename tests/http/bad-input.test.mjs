// Hostile and broken input: oversized bodies and headers, malformed
// percent-encoding, invalid UTF-8 and NUL bytes, duplicate, unknown and
// overlong fields, markup and SQL in stored values, and slow clients.
// Each must give a clear 4xx (naming the field where there is one), store
// exactly what was sent when it is accepted, show it only escaped, and
// leave the server answering; at the end the server must still be healthy
// and stop with exit status 0.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  startServer, Client, csrfFrom, csrfOf, loggedIn, dbQuery, dbValue, dbSnapshot, orgIdOf,
  rawRequest, rawGet, DEMO_PASSWORD,
} from './lib.mjs';

let srv;
let bergen;

before(async () => {
  // Defaults: 1 MiB for ordinary forms, 12 MiB for import routes.
  srv = await startServer();
  bergen = orgIdOf(srv.db, 'municipality', '4601');
});

after(async () => {
  await srv?.stop();
});

async function healthy() {
  const r = await new Client(srv.base).get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.text.trim(), 'ok');
}

// An anonymous client with English messages and the token of its login form.
async function anonWithToken() {
  const c = new Client(srv.base);
  c.cookies.set('skolesec_lang', 'en');
  const token = await csrfOf(c, '/login');
  return { c, token };
}

// The error shown for a field: the summary links to it by id and the input
// is marked invalid and described by its message.
function fieldError(html, field) {
  const input = new RegExp(`<input[^>]*id="f-${field}"[^>]*aria-invalid="true"[^>]*aria-describedby="e-${field}"`).test(html);
  const msg = new RegExp(`<div[^>]*id="e-${field}"[^>]*>([^<]*)</div>`).exec(html);
  const summary = new RegExp(`<a[^>]*href="#f-${field}"[^>]*>([^<]*)</a>`).exec(html);
  return input && msg && summary ? msg[1] : null;
}

test('a body over 1 MiB gives 413 and the server keeps answering', async () => {
  const { c, token } = await anonWithToken();
  const big = `_csrf=${token}&email=x%40y.no&password=` + 'p'.repeat(1100 * 1024);
  const r = await c.post('/login', big);
  assert.equal(r.status, 413);
  await healthy();
  // The same without a Content-Length (chunked): counted while it arrives.
  const body = Buffer.from(big);
  const head = `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const chunked = Buffer.concat([Buffer.from(head + body.length.toString(16) + '\r\n'), body, Buffer.from('\r\n0\r\n\r\n')]);
  const rr = await rawRequest(srv.port, chunked, { timeout: 10000 });
  assert.equal(rr.status, 413);
  await healthy();
  // Just under the limit is not refused for its size.
  const small = await c.post('/login', `_csrf=${token}&email=x%40y.no&password=wrong-password&pad=` + 'x'.repeat(1000 * 1024));
  assert.equal(small.status, 401);
});

test('only import routes take large bodies: 2 MiB is refused on a form, read on the CSV import', async () => {
  const admin = await loggedIn(srv.base, 'admin@bergen.demo');
  const csrf = await csrfOf(admin);
  const pad = 'x'.repeat(2 << 20);
  const form = await admin.post(`/o/${bergen}/users/invite`, `_csrf=${csrf}&email=a%40b.no&role=reader&pad=${pad}`);
  assert.equal(form.status, 413, 'an ordinary form keeps the 1 MiB limit');
  const imp = await admin.post(`/o/${bergen}/inventory/import`, `_csrf=${csrf}&csv=${pad}`);
  assert.notEqual(imp.status, 413, 'the import route reads the body and answers about its content');
  assert.ok(imp.status === 400 || imp.status === 200, `import answered ${imp.status}`);
  await healthy();
});

test('malformed percent-encoding in the path or the query gives 400', async () => {
  for (const p of ['/o/%zz', '/login%4', '/%', '/o/%G0/users', `/o/${bergen}%2`, '/lang?l=%zz', '/login?next=%4']) {
    const r = await rawRequest(srv.port, rawGet(p));
    assert.equal(r.status, 400, p);
  }
  for (const p of ['/o/%C3%28', '/login%C0%AF', '/o/%00', '/login%0a']) {
    const r = await rawRequest(srv.port, rawGet(p));
    assert.equal(r.status, 400, p);
  }
  await healthy();
});

test('malformed percent-encoding in a form body gives 400', async () => {
  const { c, token } = await anonWithToken();
  for (const bad of ['email=%zz', 'email=a%4', 'password=%', '%zz=x', 'email=ok%2']) {
    const r = await c.post('/login', `_csrf=${token}&${bad}`);
    assert.equal(r.status, 400, bad);
    assert.equal(c.cookie('skolesec_sid'), undefined);
  }
});

test('invalid UTF-8 in a form value gives 400 with a message on that field', async () => {
  const { c, token } = await anonWithToken();
  for (const [field, raw] of [['email', 'a%C3%28b%40bergen.demo'], ['email', '%C0%AFx%40bergen.demo'],
    ['password', 'abc%C3%28defghijk'], ['email', '%ED%A0%80%40x.no'], ['email', '%F8%88%80%80%80%40x.no']]) {
    const other = field === 'email' ? `password=${DEMO_PASSWORD}` : 'email=leser%40bergen.demo';
    const r = await c.post('/login', `_csrf=${token}&${other}&${field}=${raw}`);
    assert.equal(r.status, 400, `${field}=${raw}`);
    const msg = fieldError(r.text, field);
    assert.ok(msg, `no error on field ${field} for ${raw}`);
    assert.match(msg, /UTF-8/);
  }
});

test('a NUL byte in a field gives 400 naming the field', async () => {
  const { c, token } = await anonWithToken();
  const r = await c.post('/login', `_csrf=${token}&email=leser%40bergen.demo%00x&password=${DEMO_PASSWORD}`);
  assert.equal(r.status, 400);
  assert.match(fieldError(r.text, 'email') || '', /NUL/);
  const r2 = await c.post('/login', `_csrf=${token}&email=leser%40bergen.demo&password=skolesec-demo%00`);
  assert.equal(r2.status, 400);
  assert.match(fieldError(r2.text, 'password') || '', /NUL/);
  assert.equal(c.cookie('skolesec_sid'), undefined, 'a truncated password must not log in');
});

test('unknown fields are ignored; duplicate fields give 400', async () => {
  const { c, token } = await anonWithToken();
  const dup = await c.post('/login', `_csrf=${token}&email=leser%40bergen.demo&email=admin%40bergen.demo&password=${DEMO_PASSWORD}`);
  assert.equal(dup.status, 400);
  assert.match(fieldError(dup.text, 'email') || '', /more than once/);
  assert.equal(c.cookie('skolesec_sid'), undefined);
  const ok = await c.post('/login', `_csrf=${token}&email=leser%40bergen.demo&password=${DEMO_PASSWORD}&is_admin=1&role=org_admin&foo=%3Cb%3E`);
  assert.equal(ok.status, 303);
  const acct = await c.get('/account');
  assert.equal(acct.status, 200);
  assert.doesNotMatch(acct.text, /Organisation administrator/, 'an unknown field granted nothing');
});

test('very long values give a 400 field error', async () => {
  const { c, token } = await anonWithToken();
  const email = `${'a'.repeat(10000)}@bergen.demo`;
  const r = await c.post('/login', { _csrf: token, email, password: DEMO_PASSWORD });
  assert.equal(r.status, 400);
  assert.match(fieldError(r.text, 'email') || '', /too long/);
  assert.ok(!r.text.includes('a'.repeat(1000)), 'the long value is not echoed back whole');

  const admin = await loggedIn(srv.base, 'admin@bergen.demo', undefined, { lang: 'en' });
  const before = dbSnapshot(srv.db, ['invites']);
  const inv = await admin.post(`/o/${bergen}/users/invite`, { email, role: 'reader', _csrf: await csrfOf(admin) });
  assert.equal(inv.status, 400);
  assert.match(fieldError(inv.text, 'email') || '', /too long/);
  const pw = await admin.post('/account/password', { current: DEMO_PASSWORD, new: 'n'.repeat(10000), confirm: 'n'.repeat(10000), _csrf: await csrfOf(admin) });
  assert.equal(pw.status, 400);
  assert.ok(fieldError(pw.text, 'new'), 'error on the new password');
  assert.deepEqual(dbSnapshot(srv.db, ['invites']), before);
});

test('markup and SQL in an invited user\'s e-mail and name are stored unchanged and shown only escaped', async () => {
  const admin = await loggedIn(srv.base, 'admin@bergen.demo', undefined, { lang: 'en' });
  // Lower case: addresses are stored lower-cased (one account per address).
  const email = "x'or'1'='1--@evil.example";
  const name = `<script>alert(1)</script> ' OR 1=1 -- "><img src=x onerror=alert(1)>`;
  const inv = await admin.post(`/o/${bergen}/users/invite`, { email, role: 'reader', _csrf: await csrfOf(admin) });
  assert.equal(inv.status, 200);
  const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(inv.text)?.[1];
  assert.ok(token);
  assert.deepEqual(dbQuery(srv.db, `SELECT email FROM invites WHERE org_id = ${bergen} AND email LIKE 'x%evil.example'`), [[email]]);

  const guest = new Client(srv.base);
  const form = await guest.get(`/invite/${token}`);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes('x&#39;or&#39;1&#39;=&#39;1--@evil.example'), 'the address is shown escaped');
  const acc = await guest.post(`/invite/${token}`, {
    name, password: 'escaped-password', confirm: 'escaped-password', _csrf: csrfFrom(form.text),
  });
  assert.equal(acc.status, 303);
  // Stored byte for byte.
  assert.deepEqual(dbQuery(srv.db, "SELECT email, name FROM users WHERE email LIKE 'x%evil.example'"), [[email, name]]);
  // Nothing else was matched by the SQL in the address.
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${email.replace(/'/g, "''")}'`), '1');

  for (const [who, page] of [[admin, `/o/${bergen}/users`], [admin, `/o/${bergen}/audit`], [guest, '/account'], [guest, `/o/${bergen}`]]) {
    const r = await who.get(page);
    assert.equal(r.status, 200, page);
    assert.ok(!r.text.includes('<script>alert(1)</script>'), `${page} shows the raw <script>`);
    assert.ok(!r.text.includes('<img src=x'), `${page} shows the raw <img>`);
    assert.ok(!/<script\b/i.test(r.text), `${page} has a script element`);
    if (page.endsWith('/users') || page === '/account') {
      assert.ok(r.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${page} shows the escaped name`);
      assert.ok(r.text.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'), `${page} escapes the attribute breaker`);
    }
  }
  // The address with SQL in it works as a login name, exactly.
  assert.equal((await new Client(srv.base).login(email, 'escaped-password')).status, 303);
  assert.equal((await new Client(srv.base).login("x'or'1'='1--@evil.exampl", 'escaped-password')).status, 401);
});

test('an invalid e-mail with markup is refused and echoed only escaped', async () => {
  const admin = await loggedIn(srv.base, 'admin@bergen.demo', undefined, { lang: 'en' });
  const before = dbSnapshot(srv.db, ['invites']);
  const email = '"><script>alert(1)</script>@evil.example';
  const r = await admin.post(`/o/${bergen}/users/invite`, { email, role: 'reader', _csrf: await csrfOf(admin) });
  assert.equal(r.status, 400);
  assert.ok(fieldError(r.text, 'email'), 'error on the e-mail field');
  assert.ok(!r.text.includes('<script>alert(1)</script>'));
  assert.ok(r.text.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@evil.example'), 'the value is kept, escaped, in the form');
  assert.deepEqual(dbSnapshot(srv.db, ['invites']), before);
});

test('a header block over 64 KiB gives 431 (or a closed connection) and the server keeps serving', async () => {
  const one = await rawRequest(srv.port, rawGet('/', `X-Big: ${'a'.repeat(70 * 1024)}\r\n`), { timeout: 10000 });
  assert.ok(one.status === 431 || (one.status === null && one.raw === ''), `got ${one.status}: ${one.raw.slice(0, 200)}`);
  const many = await rawRequest(srv.port, rawGet('/', `X-Filler: ${'b'.repeat(1000)}\r\n`.repeat(80)), { timeout: 10000 });
  assert.ok(many.status === 431 || (many.status === null && many.raw === ''), `got ${many.status}`);
  const cookie = await rawRequest(srv.port, rawGet('/account', `Cookie: skolesec_sid=${'c'.repeat(66 * 1024)}\r\n`), { timeout: 10000 });
  assert.ok(cookie.status === 431 || (cookie.status === null && cookie.raw === ''), `got ${cookie.status}`);
  await healthy();
});

test('slow clients that send headers bit by bit do not block other requests', async () => {
  const sockets = [];
  const open = () => new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: srv.port }, () => resolve(s));
    s.on('error', reject);
    sockets.push(s);
  });
  try {
    // More stalled connections than the server has threads (2).
    for (let i = 0; i < 6; i++) {
      const s = await open();
      s.write(i % 2 ? 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' : 'GET /hea');
    }
    // One that sends its headers but only part of the promised body.
    const body = await open();
    body.write('POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a');
    // One that dribbles a byte at a time while the others wait.
    const drip = await open();
    const text = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: aaaaaaaaaaaaaaaaaaaa';
    let i = 0;
    const timer = setInterval(() => { if (i < text.length && !drip.destroyed) drip.write(text[i++]); }, 20);
    try {
      for (let k = 0; k < 5; k++) await healthy();
      const c = await loggedIn(srv.base, 'leser@bergen.demo');
      assert.equal((await c.get(`/o/${bergen}`)).status, 200);
    } finally {
      clearInterval(timer);
    }
  } finally {
    for (const s of sockets) s.destroy();
  }
  await healthy();
});

test('after all of it the server is up, and it stops cleanly with exit status 0', async () => {
  await healthy();
  const c = await loggedIn(srv.base, 'admin@bergen.demo');
  assert.equal((await c.get(`/o/${bergen}/users`)).status, 200);
  assert.equal(srv.exited, null, 'the server has not exited');
  await srv.stop(); // asserts exit status 0
  assert.equal(srv.exited.code, 0);
  assert.doesNotMatch(srv.stderr, /AddressSanitizer|runtime error|Segmentation/);
});
