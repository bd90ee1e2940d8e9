// The operator's command line: help and exit codes, school import (CSV and
// JSON, all-or-nothing with every bad line reported), user add/passwd
// (checked by logging in over HTTP), backup and restore on SQLite (and its
// refusal on PostgreSQL), and idempotent migrations. Operators script these
// commands, so exit codes and messages are part of the interface.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  startServer, runBin, freshDatabase, Client, dbQuery, dbValue, dbSnapshot,
  isPostgres, orgIdOf, DEMO_PASSWORD,
} from './lib.mjs';

let srv;
let tmp;
let bergen;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skolesec-cli-'));
  srv = await startServer();
  bergen = orgIdOf(srv.db, 'municipality', '4601');
});

after(async () => {
  try {
    await srv?.stop();
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// Organisation numbers (Brønnøysund) end in a MOD11 check digit with the
// weights 3 2 7 6 5 4 3 2; a remainder giving 10 makes the base unusable.
function mod11(base8) {
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = [...base8].reduce((s, d, i) => s + Number(d) * w[i], 0);
  const c = 11 - (sum % 11);
  return c === 11 ? 0 : c;
}

// The n valid organisation numbers after 8-digit prefix `from`.
function orgnrs(from, n) {
  const out = [];
  for (let b = from; out.length < n; b++) {
    const base = String(b).padStart(8, '0');
    const c = mod11(base);
    if (c !== 10) out.push(base + c);
  }
  return out;
}

// The same number with a wrong check digit.
function badCheck(nr) {
  return nr.slice(0, 8) + String((Number(nr[8]) + 1) % 10);
}

function writeFile(name, text) {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
}

function cli(args, env) {
  return runBin([...args, '--db', srv.db], { env });
}

const HEADER = 'orgnr,name,kommunenummer,pupils,level,private,active\n';
const schoolCount = () => Number(dbValue(srv.db, 'SELECT COUNT(*) FROM schools'));

test('mod11 helper agrees with known organisation numbers', () => {
  // Brønnøysundregistrene 974760673, Bergen kommune 964338531.
  assert.equal(mod11('97476067'), 3);
  assert.equal(mod11('96433853'), 1);
  assert.equal(badCheck('974760673'), '974760674');
});

test('--help exits 0 and lists every command; an unknown command exits 2', async () => {
  const h = await runBin(['--help']);
  assert.equal(h.code, 0);
  for (const cmd of ['serve', 'init', 'migrate', 'demo', 'import', 'user', 'backup', 'audit']) {
    assert.match(h.stdout, new RegExp(`^\\s+${cmd}\\b`, 'm'), `--help lists ${cmd}`);
  }
  const u = await runBin(['frobnicate', '--db', srv.db]);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /unknown command/);
  const none = await runBin([]);
  assert.equal(none.code, 2);
  const bad = await runBin(['import', 'teachers', 'x.csv', '--db', srv.db]);
  assert.equal(bad.code, 2);
});

const good = orgnrs(92345670, 12);

test('import schools from CSV creates them; a second run updates them', async () => {
  const nf = orgIdOf(srv.db, 'municipality', '3207');
  const vestland = orgIdOf(srv.db, 'county', '46');
  const rows = [
    [good[0], 'CLI Testskole Bergen', '4601', '321', 'grunnskole', '0', '1'],
    [good[1], '"CLI Skole, avd. Nord"', '3207', '', 'grunnskole', '1', '1'],
    [good[2], 'CLI Vidaregåande', '4601', '800', 'videregaende', 'nei', 'ja'],
  ];
  const before = schoolCount();
  const file = writeFile('schools.csv', HEADER + rows.map((r) => r.join(',')).join('\n') + '\n');
  const r1 = await cli(['import', 'schools', file]);
  assert.equal(r1.code, 0, r1.stderr);
  assert.match(r1.stdout, /imported 3 schools \(3 new, 0 updated\)/);
  assert.equal(schoolCount(), before + 3);
  assert.deepEqual(dbQuery(srv.db, `SELECT orgnr, org_id, name, pupils, level, private, active FROM schools WHERE orgnr IN ('${good[0]}', '${good[1]}', '${good[2]}') ORDER BY orgnr`), [
    [good[0], String(bergen), 'CLI Testskole Bergen', '321', 'grunnskole', '0', '1'],
    [good[1], String(nf), 'CLI Skole, avd. Nord', '', 'grunnskole', '1', '1'],
    [good[2], String(vestland), 'CLI Vidaregåande', '800', 'videregaende', '0', '1'],
  ].sort((a, b) => a[0].localeCompare(b[0])));

  rows[0][1] = 'CLI Testskole Bergen (ny)';
  rows[0][3] = '330';
  rows[2][6] = '0';
  writeFile('schools.csv', HEADER + rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
  const r2 = await cli(['import', 'schools', file]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stdout, /imported 3 schools \(0 new, 3 updated\)/);
  assert.equal(schoolCount(), before + 3);
  assert.equal(dbValue(srv.db, `SELECT name || '|' || pupils FROM schools WHERE orgnr = '${good[0]}'`), 'CLI Testskole Bergen (ny)|330');
  assert.equal(dbValue(srv.db, `SELECT active FROM schools WHERE orgnr = '${good[2]}'`), '0');

  // Visible to Bergen's adviser over HTTP; the import is in the audit log.
  const c = new Client(srv.base);
  assert.equal((await c.login('radgiver@bergen.demo', DEMO_PASSWORD)).status, 303);
  const page = await c.get(`/o/${bergen}/schools`);
  assert.ok(page.text.includes('CLI Testskole Bergen (ny)'));
  assert.ok(!page.text.includes('CLI Skole, avd. Nord'), "Nordre Follo's school is not in Bergen's list");
  const actions = dbQuery(srv.db, `SELECT action FROM audit WHERE object_type = 'school' AND org_id = ${bergen} ORDER BY seq`).map((r) => r[0]);
  assert.ok(actions.includes('school.create') && actions.includes('school.update'), actions.join(','));
  const v = await cli(['audit', 'verify']);
  assert.equal(v.code, 0, v.stdout + v.stderr);
});

test('a CSV with bad lines exits 1, reports every bad line and imports nothing', async () => {
  const [a, b, c] = orgnrs(93456780, 3);
  const lines = [
    HEADER.trim(),                                                  // 1
    `${a},Gyldig skole,4601,100,grunnskole,0,1`,                    // 2 good
    `${badCheck(b)},Feil kontrollsiffer,4601,100,grunnskole,0,1`,   // 3 bad MOD11
    `${b},Ukjent kommune,9999,100,grunnskole,0,1`,                  // 4 unknown kommunenummer
    `${c},For få felt,4601,100,grunnskole,0`,                       // 5 six columns
    `${a},Dobbel,4601,100,grunnskole,0,1`,                          // 6 duplicate orgnr
    `${c},Feil nivå,4601,100,universitet,0,1`,                      // 7 bad level
    `${good[5]},Også gyldig,4601,100,grunnskole,0,1`,               // 8 good
  ];
  const before = dbSnapshot(srv.db, ['schools', 'audit']);
  const file = writeFile('bad.csv', lines.join('\n') + '\n');
  const r = await cli(['import', 'schools', file]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  for (const n of [3, 4, 5, 6, 7]) assert.match(r.stderr, new RegExp(`\\bline ${n}\\b`), `line ${n} reported:\n${r.stderr}`);
  for (const n of [1, 2, 8]) assert.doesNotMatch(r.stderr, new RegExp(`\\bline ${n}:`), `line ${n} is fine:\n${r.stderr}`);
  assert.match(r.stderr, /MOD11/);
  assert.match(r.stderr, /nothing imported/);
  assert.deepEqual(dbSnapshot(srv.db, ['schools', 'audit']), before);
});

test('the same checks apply to a JSON file', async () => {
  const [a, b, c] = orgnrs(94567890, 3);
  const items = [
    { orgnr: a, name: 'Gyldig JSON-skole', kommunenummer: '4601', pupils: 100, level: 'grunnskole', private: false, active: true }, // 1
    { orgnr: badCheck(b), name: 'Feil kontrollsiffer', kommunenummer: '4601', pupils: 1, level: 'grunnskole', private: false, active: true }, // 2
    { orgnr: b, name: 'Ukjent kommune', kommunenummer: '9999', pupils: 1, level: 'grunnskole', private: false, active: true }, // 3
    ['not', 'an', 'object'], // 4
    { orgnr: a, name: 'Dobbel', kommunenummer: '4601', pupils: 1, level: 'grunnskole', private: false, active: true }, // 5
    { orgnr: c, name: 'Feil nivå', kommunenummer: '4601', pupils: 1, level: 'høgskole', private: false, active: true }, // 6
  ];
  const before = dbSnapshot(srv.db, ['schools', 'audit']);
  const file = writeFile('bad.json', JSON.stringify(items, null, 1));
  const r = await cli(['import', 'schools', file]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  for (const n of [2, 3, 4, 5, 6]) assert.match(r.stderr, new RegExp(`\\brow ${n}\\b`), `row ${n} reported:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\brow 1:/);
  assert.deepEqual(dbSnapshot(srv.db, ['schools', 'audit']), before);

  // A good JSON file imports, with numbers and booleans as JSON types.
  const ok = writeFile('good.json', JSON.stringify([items[0]]));
  const r2 = await cli(['import', 'schools', ok]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stdout, /1 new/);
  assert.equal(dbValue(srv.db, `SELECT name || '|' || pupils || '|' || org_id FROM schools WHERE orgnr = '${a}'`), `Gyldig JSON-skole|100|${bergen}`);
  // Broken JSON is reported, not half-read.
  const broken = writeFile('broken.json', '[{"orgnr": "1",');
  const r3 = await cli(['import', 'schools', broken]);
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, /line \d+/);
});

test('user add and user passwd (password from SKOLESEC_PASSWORD); the user logs in over HTTP', async () => {
  const email = 'cli.bruker@bergen.demo';
  const add = await cli(['user', 'add', email, 'Cli Bruker', '--org', 'municipality:4601', '--role', 'adviser'],
    { SKOLESEC_PASSWORD: 'cli-passord-en' });
  assert.equal(add.code, 0, add.stderr);
  assert.deepEqual(dbQuery(srv.db, `SELECT u.name, m.org_id, m.role FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = '${email}'`),
    [['Cli Bruker', String(bergen), 'adviser']]);

  const c = new Client(srv.base);
  assert.equal((await c.login(email, 'cli-passord-en')).status, 303);
  const home = await c.get('/');
  assert.equal(home.location, `/o/${bergen}`);
  assert.equal((await c.get(`/o/${bergen}/users`)).status, 200, 'an adviser sees the users');

  const again = await cli(['user', 'add', email, 'Cli Bruker', '--org', 'municipality:4601', '--role', 'adviser'],
    { SKOLESEC_PASSWORD: 'cli-passord-en' });
  assert.equal(again.code, 1, 'the same e-mail twice');
  const short = await cli(['user', 'add', 'kort@bergen.demo', 'Kort', '--org', 'municipality:4601', '--role', 'reader'],
    { SKOLESEC_PASSWORD: 'kort' });
  assert.equal(short.code, 1);
  assert.match(short.stderr, /10 characters/);
  const badRole = await cli(['user', 'add', 'rolle@bergen.demo', 'Rolle', '--org', 'municipality:4601', '--role', 'king'],
    { SKOLESEC_PASSWORD: 'long-enough-pw' });
  assert.equal(badRole.code, 2);
  const unfit = await cli(['user', 'add', 'rolle@bergen.demo', 'Rolle', '--org', 'municipality:4601', '--role', 'vendor_editor'],
    { SKOLESEC_PASSWORD: 'long-enough-pw' });
  assert.equal(unfit.code, 1);
  assert.equal(dbValue(srv.db, "SELECT COUNT(*) FROM users WHERE email IN ('kort@bergen.demo', 'rolle@bergen.demo')"), '0');

  const pw = await cli(['user', 'passwd', email], { SKOLESEC_PASSWORD: 'cli-passord-to' });
  assert.equal(pw.code, 0, pw.stderr);
  const r = await c.get('/account');
  assert.equal(r.status, 303, 'setting a password logs the user out everywhere');
  assert.equal((await new Client(srv.base).login(email, 'cli-passord-en')).status, 401);
  assert.equal((await new Client(srv.base).login(email, 'cli-passord-to')).status, 303);
  const nobody = await cli(['user', 'passwd', 'ingen@bergen.demo'], { SKOLESEC_PASSWORD: 'cli-passord-to' });
  assert.equal(nobody.code, 1);
});

// lib.mjs gives each file a PostgreSQL database when SKOLESEC_TEST_PG is set;
// the tests are registered before the server starts, so decide by that.
if (process.env.SKOLESEC_TEST_PG) {
  test('backup on PostgreSQL exits non-zero and points to pg_dump', async () => {
    const file = path.join(tmp, 'pg-backup.db');
    assert.ok(isPostgres(srv.db));
    const r = await cli(['backup', file]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /pg_dump/);
    assert.equal(fs.existsSync(file), false);
  });
} else {
  test('backup on SQLite writes a sound copy that serves the same data', async () => {
    const file = path.join(tmp, 'backup.db');
    const r = await cli(['backup', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(execFileSync('sqlite3', [file, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
    const again = await cli(['backup', file]);
    assert.notEqual(again.code, 0, 'an existing file is not overwritten');

    const copyUrl = `sqlite:${file}`;
    const tables = ['orgs', 'schools', 'users', 'memberships', 'membership_schools', 'invites', 'audit', 'audit_heads'];
    assert.deepEqual(dbSnapshot(copyUrl, tables), dbSnapshot(srv.db, tables));

    // Restore = start a server on the copy.
    const restored = await startServer({ db: copyUrl, demo: false });
    try {
      const c = new Client(restored.base);
      assert.equal((await c.login('cli.bruker@bergen.demo', 'cli-passord-to')).status, 303);
      const page = await c.get(`/o/${bergen}/schools`);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes('CLI Testskole Bergen (ny)'));
      assert.ok(page.text.includes('Nordnes skole'));
      const v = await runBin(['audit', 'verify', '--db', copyUrl]);
      assert.equal(v.code, 0, v.stdout);
    } finally {
      await restored.stop();
    }
  });
}

test('migrate twice: the second run is a no-op', async () => {
  const fresh = freshDatabase('cli_migrate');
  try {
    const r1 = await runBin(['migrate', '--db', fresh.url]);
    assert.equal(r1.code, 0, r1.stderr);
    assert.match(r1.stdout, /applied \d+ migration/);
    const version = dbValue(fresh.url, 'SELECT MAX(version) FROM schema_migrations');
    const rows = dbValue(fresh.url, 'SELECT COUNT(*) FROM schema_migrations');
    const r2 = await runBin(['migrate', '--db', fresh.url]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.doesNotMatch(r2.stdout, /applied/);
    assert.equal(dbValue(fresh.url, 'SELECT MAX(version) FROM schema_migrations'), version);
    assert.equal(dbValue(fresh.url, 'SELECT COUNT(*) FROM schema_migrations'), rows);
    // And on the served, demo-loaded database too.
    const r3 = await cli(['migrate']);
    assert.equal(r3.code, 0, r3.stderr);
    assert.doesNotMatch(r3.stdout, /applied/);
  } finally {
    fresh.cleanup();
  }
});
