// Resilience: the server stops cleanly while password checks are queued on
// its worker threads, and (PostgreSQL) it reconnects after the database
// dropped its connections. Both were found by review: a SIGTERM with queued
// logins aborted the process, and a terminated PostgreSQL backend left every
// later request failing until restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, Client, csrfFrom, isPostgres, dbExec, loggedIn, DEMO_PASSWORD,
} from './lib.mjs';

test('SIGTERM while logins are queued: every client gets an answer and the exit is clean', async () => {
  // The real (standard) argon2id cost, so that logins queue up behind the
  // two worker threads when thirty arrive at once.
  const srv = await startServer({ env: { SKOLESEC_PWHASH: 'standard' } });
  const emails = ['admin', 'radgiver', 'pvo', 'leser', 'rektor'].map((u) => `${u}@bergen.demo`);
  const clients = [];
  for (let i = 0; i < 30; i++) {
    const c = new Client(srv.base);
    c.csrf = csrfFrom((await c.get('/login')).text);	// pre-login cookie and token
    clients.push(c);
  }
  // The POSTs go out together; only once all have reached the server (the
  // wait) does the stop begin. A request sent on an idle connection after
  // the stop began may be refused; one the server has accepted may not.
  const logins = clients.map((c, i) => c.post('/login', {
    email: emails[i % emails.length], password: DEMO_PASSWORD, _csrf: c.csrf,
  }).then((r) => r.status, (e) => `error: ${e.message}`));
  await new Promise((r) => setTimeout(r, 500));
  await srv.stop();	// asserts exit status 0 within the time limit
  const statuses = await Promise.all(logins);
  for (const s of statuses) {
    assert.ok([303, 429, 503].includes(s), `a queued login got ${s}`);
  }
  assert.ok(statuses.includes(303), 'logins that were queued were completed');
});

test('PostgreSQL: the server reconnects after its backends were terminated', async (t) => {
  const srv = await startServer();
  try {
    if (!isPostgres(srv.db)) {
      // On SQLite there is no server connection to lose; the test then
      // checks the same page works, so it still asserts something real.
      const c = await loggedIn(srv.base, 'radgiver@bergen.demo');
      assert.equal((await c.get('/healthz')).status, 200);
      return;
    }
    const c = await loggedIn(srv.base, 'radgiver@bergen.demo');
    assert.equal((await c.get('/healthz')).status, 200);
    dbExec(srv.db, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity'
      + ' WHERE datname = current_database() AND pid <> pg_backend_pid()');
    // Each pooled connection fails at most once (libpq notices the loss on
    // use), then is reopened when next taken from the pool.
    let ok = false;
    for (let i = 0; i < 20 && !ok; i++) ok = (await c.get('/healthz')).status === 200;
    assert.ok(ok, '/healthz came back');
    for (let i = 0; i < 10; i++) {
      const page = await c.get('/account');
      assert.equal(page.status, 200, 'the session works again after the reconnect');
    }
  } finally {
    await srv.stop();
  }
});
