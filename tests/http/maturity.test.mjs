// The maturity self-assessment and the organisation overview (dashboard),
// over HTTP against the real binary.
//
// What must hold: only administrators and advisers start, answer and close
// rounds; the DPO and readers read; school leaders are refused; a closed
// round is read-only; bad answers (level 6, a javascript: "link", a field
// sent twice, ...) give 400 with a message at the field and change nothing;
// the county and national averages appear only when five municipalities
// stand behind them, and their value is what the documented formula gives
// (recomputed here from the database, not taken from the server); the
// overview's blocks show figures when there are some and say so when there
// are none, without anything of another organisation.
//
// Pages are requested in English (skolesec_lang=en), so the interface texts
// are the msgids whatever state the translations are in; question texts are
// content and always Norwegian.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, startServer, csrfOf, loggedIn, dbQuery, dbValue, dbExec, dbSnapshot, orgIdOf, runBin,
} from './lib.mjs';

const SET = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'maturity', 'skolesec-modenhet-v1.json'), 'utf8'));
const ROLES = ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'];
const BERGEN = {
  org_admin: 'admin@bergen.demo',
  adviser: 'radgiver@bergen.demo',
  school_leader: 'rektor@bergen.demo',
  dpo: 'pvo@bergen.demo',
  reader: 'leser@bergen.demo',
};
const TABLES = ['maturity_rounds', 'maturity_answers', 'audit', 'audit_heads'];

let srv;
let B; // Bergen
let NF; // Nordre Follo
const c = {}; // role -> { client, csrf }

before(async () => {
  srv = await startServer();
  B = orgIdOf(srv.db, 'municipality', '4601');
  NF = orgIdOf(srv.db, 'municipality', '3207');
  for (const role of ROLES) {
    const client = await loggedIn(srv.base, BERGEN[role], undefined, { lang: 'en' });
    c[role] = { client, csrf: await csrfOf(client) };
  }
});

after(async () => {
  await srv?.stop();
});

const count = (sql) => Number(dbValue(srv.db, sql));
const openRound = (org) => dbQuery(srv.db, `SELECT id FROM maturity_rounds WHERE org_id = ${org} AND closed_at IS NULL`);

// Starts a round as role and returns its id (asserting the redirect).
async function start(role, title, org = B) {
  const r = await c[role].client.post(`/o/${org}/maturity/rounds`, { title, _csrf: c[role].csrf });
  assert.equal(r.status, 303, `${role} start: ${r.status}\n${r.text.slice(0, 800)}`);
  const m = new RegExp(`^/o/${org}/maturity/rounds/(\\d+)$`).exec(r.location);
  assert.ok(m, `redirect to ${r.location}`);
  return Number(m[1]);
}

// The message shown for a field (by its id) or null.
function fieldMessage(html, id) {
  const m = new RegExp(`<div class="ds-validation-message"[^>]*id="e-${id}">([^<]*)</div>`).exec(html);
  return m ? m[1] : null;
}

// ---- the formula, written again here from docs/domain-model.md ----

const AREA_OF = new Map();
SET.areas.forEach((a, i) => a.questions.forEach((q) => AREA_OF.set(q.urn, i)));

function score(answers) { // answers: [{urn, level, nr}]
  const sum = SET.areas.map(() => 0);
  const n = SET.areas.map(() => 0);
  for (const a of answers) {
    const i = AREA_OF.get(a.urn);
    if (i === undefined || a.nr || a.level === null) continue;
    sum[i] += a.level;
    n[i] += 1;
  }
  const areas = sum.map((s, i) => (n[i] ? (s * 100) / (5 * n[i]) : null));
  const scored = areas.filter((x) => x !== null);
  return { areas, total: scored.length ? scored.reduce((x, y) => x + y, 0) / scored.length : null };
}

const tenths = (v) => (Math.round(Math.abs(v) * 10 + 1e-9) / 10) * Math.sign(v || 1);
const fmt = (v) => tenths(v).toFixed(1);

// Each municipality's latest closed round, scored: [{org, parent, score}].
function peers() {
  const rounds = dbQuery(srv.db, `SELECT r.id, r.org_id, o.parent_id, r.closed_at FROM maturity_rounds r
    JOIN orgs o ON o.id = r.org_id WHERE o.kind = 'municipality' AND r.closed_at IS NOT NULL`)
    .map(([id, org, parent, closed]) => ({ id: Number(id), org: Number(org), parent: Number(parent), closed: Number(closed) }));
  const latest = new Map();
  for (const r of rounds) {
    const cur = latest.get(r.org);
    if (!cur || r.closed > cur.closed || (r.closed === cur.closed && r.id > cur.id)) latest.set(r.org, r);
  }
  return [...latest.values()].map((r) => ({
    ...r,
    score: score(dbQuery(srv.db, `SELECT question_urn, level, not_relevant FROM maturity_answers WHERE round_id = ${r.id}`)
      .map(([urn, level, nr]) => ({ urn, level: level === '' ? null : Number(level), nr: nr === '1' }))),
  }));
}

// The cells of the results table row whose header is label (text only).
function row(html, label) {
  const re = new RegExp(`<tr><th scope="row">(?:<a[^>]*>)?${label.replace(/[()]/g, '\\$&')}(?:</a>)?</th>(.*?)</tr>`);
  const m = re.exec(html);
  if (!m) return null;
  return [...m[1].matchAll(/<td>(.*?)<\/td>/g)].map((x) => x[1]);
}

// ---- permissions ----

test('the rounds page: read roles see it, writers get the start form, school leaders are refused', async () => {
  for (const role of ROLES) {
    const r = await c[role].client.get(`/o/${B}/maturity`);
    if (role === 'school_leader') {
      assert.equal(r.status, 403, role);
      continue;
    }
    assert.equal(r.status, 200, role);
    assert.match(r.text, /Egenvurdering 2024 \(demo – genererte svar\)/, `${role}: demo round listed`);
    const form = r.text.includes(`action="/o/${B}/maturity/rounds"`);
    assert.equal(form, role === 'org_admin' || role === 'adviser', `${role}: start form`);
  }
});

test('only the administrator and the adviser can start a round; one open round at a time', async () => {
  const before = dbSnapshot(srv.db, TABLES);
  for (const role of ['school_leader', 'dpo', 'reader']) {
    const r = await c[role].client.post(`/o/${B}/maturity/rounds`, { title: `by ${role}`, _csrf: c[role].csrf });
    assert.equal(r.status, 403, role);
  }
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before, 'refused starts changed the database');
  // An empty title: a field message, nothing created.
  const empty = await c.adviser.client.post(`/o/${B}/maturity/rounds`, { title: '  ', _csrf: c.adviser.csrf });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /This field is required/);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);

  const id = await start('adviser', 'Runde <2025> & "test"');
  assert.equal(dbValue(srv.db, `SELECT title FROM maturity_rounds WHERE id = ${id}`), 'Runde <2025> & "test"');
  const again = await c.org_admin.client.post(`/o/${B}/maturity/rounds`, { title: 'Another', _csrf: c.org_admin.csrf });
  assert.equal(again.status, 409);
  assert.match(again.text, /already open/);
  assert.equal(openRound(B).length, 1);
  const page = await c.reader.client.get(`/o/${B}/maturity/rounds/${id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Runde &lt;2025&gt; &amp; &quot;test&quot;'), 'title escaped');
  assert.ok(!page.text.includes('<2025>'));
  // Readers get no close button; the adviser does.
  assert.ok(!page.text.includes(`/maturity/rounds/${id}/close`));
  assert.ok((await c.adviser.client.get(`/o/${B}/maturity/rounds/${id}`)).text.includes(`/maturity/rounds/${id}/close`));
  assert.ok(count(`SELECT COUNT(*) FROM audit WHERE org_id = ${B} AND action = 'maturity.round.create'`) >= 1);
});

test('answering an area: writers save and stay on the page; readers see it read-only; school leaders are refused', async () => {
  const [[rid]] = openRound(B);
  const url = `/o/${B}/maturity/rounds/${rid}/areas/1`;
  const area = SET.areas[0];

  const form = await c.adviser.client.get(url);
  assert.equal(form.status, 200);
  // One fieldset with a legend per question, radios 0-5 and "not relevant",
  // the descriptors as descriptions of the radios.
  assert.equal((form.text.match(/<fieldset class="ds-fieldset"/g) || []).length, area.questions.length);
  for (let q = 1; q <= area.questions.length; q++) {
    for (const v of ['0', '1', '2', '3', '4', '5', 'na']) {
      assert.ok(form.text.includes(`name="level-${q}" id="f-level-${q}-${v}" value="${v}"`), `radio ${q}/${v}`);
    }
    assert.ok(form.text.includes(`name="comment-${q}"`) && form.text.includes(`name="evidence-${q}"`));
  }
  assert.ok(form.text.includes(`<legend class="ds-label">1. ${area.questions[0].text.nb}</legend>`));
  // Question 1 has its own descriptors; question 2 uses the area's.
  assert.ok(form.text.includes(`id="d-1-0">${area.questions[0].levels[0].nb}</div>`));
  assert.ok(form.text.includes(`id="d-2-3">${area.levels[3].nb}</div>`));
  assert.ok(form.text.includes('aria-describedby="d-1-0"'));

  const r = await c.adviser.client.post(url, {
    _csrf: c.adviser.csrf,
    'level-1': '3', 'comment-1': 'Vedtatt av kommunedirektøren', 'evidence-1': 'https://www.bergen.kommune.no/mandat',
    'level-2': 'na', 'comment-2': '', 'evidence-2': 'Notat: <b>ligger</b> i arkivet',
    'level-3': '4',
  });
  assert.equal(r.status, 200);
  assert.match(r.text, /The answers have been saved\./);
  assert.ok(r.text.includes('id="f-level-1-3" value="3" checked'), 'saved level shown');
  assert.ok(r.text.includes('id="f-level-2-na" value="na" checked'));
  assert.ok(r.text.includes('value="Notat: &lt;b&gt;ligger&lt;/b&gt; i arkivet"'), 'note escaped');
  const rows = dbQuery(srv.db, `SELECT question_urn, level, not_relevant, comment, evidence FROM maturity_answers WHERE round_id = ${rid} ORDER BY question_urn`);
  assert.deepEqual(rows.map((x) => x[0]).sort(), [area.questions[0].urn, area.questions[1].urn, area.questions[2].urn].sort());
  const q1 = rows.find((x) => x[0] === area.questions[0].urn);
  assert.deepEqual(q1.slice(1), ['3', '0', 'Vedtatt av kommunedirektøren', 'https://www.bergen.kommune.no/mandat']);
  assert.deepEqual(rows.find((x) => x[0] === area.questions[1].urn).slice(1, 3), ['', '1']);
  const ev = dbQuery(srv.db, `SELECT actor_id, detail FROM audit WHERE org_id = ${B} AND action = 'maturity.answers' ORDER BY seq DESC LIMIT 1`);
  assert.equal(ev.length, 1);
  assert.match(ev[0][1], /styring-mandat/);

  // The administrator changes one answer and clears another (the form
  // sends every field of the area; question 3 comes back empty).
  const r2 = await c.org_admin.client.post(url, {
    _csrf: c.org_admin.csrf, 'level-1': '4', 'comment-1': 'Vedtatt av kommunedirektøren',
    'evidence-1': 'https://www.bergen.kommune.no/mandat', 'level-2': 'na', 'evidence-2': 'Notat: <b>ligger</b> i arkivet',
    'comment-3': '', 'evidence-3': '',
  });
  assert.equal(r2.status, 200);
  assert.equal(dbValue(srv.db, `SELECT level FROM maturity_answers WHERE round_id = ${rid} AND question_urn = '${area.questions[0].urn}'`), '4');
  assert.equal(count(`SELECT COUNT(*) FROM maturity_answers WHERE round_id = ${rid} AND question_urn = '${area.questions[2].urn}'`), 0);

  // Read roles: the answers, no form; posting is refused.
  for (const role of ['dpo', 'reader']) {
    const g = await c[role].client.get(url);
    assert.equal(g.status, 200, role);
    assert.ok(!g.text.includes(`action="${url}"`), `${role} gets a form`);
    assert.ok(!g.text.includes('type="radio"'), `${role} gets form controls`);
    assert.ok(g.text.includes(`<dt>Answer</dt><dd>4 – ${SET.levels[4].nb}: ${area.questions[0].levels[4].nb}</dd>`), `${role} sees the answer`);
    assert.ok(g.text.includes('<dt>Answer</dt><dd>Not relevant for us</dd>'));
    assert.ok(g.text.includes('<dd>Notat: &lt;b&gt;ligger&lt;/b&gt; i arkivet</dd>'), 'note shown as escaped text');
    const before = dbSnapshot(srv.db, TABLES);
    const p = await c[role].client.post(url, { _csrf: c[role].csrf, 'level-1': '0' });
    assert.equal(p.status, 403, role);
    assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
  }
  for (const u of [url, `/o/${B}/maturity/rounds/${rid}`]) {
    assert.equal((await c.school_leader.client.get(u)).status, 403, u);
  }
  assert.equal((await c.school_leader.client.post(url, { _csrf: c.school_leader.csrf, 'level-1': '0' })).status, 403);
  // Areas outside the set and other organisations' rounds are not found.
  assert.equal((await c.adviser.client.get(`/o/${B}/maturity/rounds/${rid}/areas/0`)).status, 404);
  assert.equal((await c.adviser.client.get(`/o/${B}/maturity/rounds/${rid}/areas/${SET.areas.length + 1}`)).status, 404);
  const [[nfRound]] = dbQuery(srv.db, `SELECT id FROM maturity_rounds WHERE org_id = ${NF} LIMIT 1`);
  assert.equal((await c.adviser.client.get(`/o/${B}/maturity/rounds/${nfRound}`)).status, 404);
  assert.equal((await c.adviser.client.get(`/o/${NF}/maturity/rounds/${nfRound}`)).status, 403);
});

test('bad answers give 400 with a message at the field and change nothing', async () => {
  const [[rid]] = openRound(B);
  const url = `/o/${B}/maturity/rounds/${rid}/areas/2`;
  const { client, csrf } = c.adviser;
  const cases = [
    { body: { 'level-1': '6' }, field: 'level-1', msg: /Choose one of the options/ },
    { body: { 'level-1': '-1' }, field: 'level-1', msg: /Choose one of the options/ },
    { body: { 'level-1': 'na', 'evidence-1': 'javascript:alert(1)' }, field: 'evidence-1', msg: /Only web links/ },
    { body: { 'evidence-2': 'JAVASCRIPT:alert(document.cookie)' }, field: 'evidence-2', msg: /Only web links/ },
    { body: { 'evidence-1': 'data:text/html,<script>alert(1)</script>' }, field: 'evidence-1', msg: /Only web links/ },
    { body: { 'evidence-1': 'https://exa mple.no/x' }, field: 'evidence-1', msg: /valid host name|spaces/ },
    { body: { 'evidence-1': 'https://localhost/' }, field: 'evidence-1', msg: /valid host name/ },
    { body: { 'comment-3': 'x'.repeat(2001) }, field: 'comment-3', msg: /too long/ },
    { body: 'level-1=2&level-1=3', field: 'level-1', msg: /sent more than once/ },
  ];
  for (const k of cases) {
    const before = dbSnapshot(srv.db, TABLES);
    // A valid answer to question 2 travels with the bad one: all or nothing.
    const body = typeof k.body === 'string'
      ? `${k.body}&level-2=3&_csrf=${encodeURIComponent(csrf)}`
      : { 'level-2': '3', ...k.body, _csrf: csrf };
    const r = await client.post(url, body);
    assert.equal(r.status, 400, JSON.stringify(k.body).slice(0, 80));
    const msg = fieldMessage(r.text, k.field);
    assert.ok(msg && k.msg.test(msg), `${k.field}: message ${msg}`);
    assert.match(r.text, /class="ds-error-summary"/);
    assert.ok(r.text.includes(`href="#f-${k.field}${k.field.startsWith('level') ? '-0' : ''}"`), 'summary links to the field');
    assert.ok(!r.text.includes('<script>alert'), 'input echoed unescaped');
    assert.deepEqual(dbSnapshot(srv.db, TABLES), before, `${JSON.stringify(k.body).slice(0, 80)} changed the database`);
  }
  // The same valid answer alone is accepted, so the 400s were about the bad field.
  const ok = await client.post(url, { 'level-2': '3', _csrf: csrf });
  assert.equal(ok.status, 200);
});

test('results: radar with title and table, scores by the formula, closing makes the round read-only', async () => {
  const [[rid]] = openRound(B);
  const res = await c.reader.client.get(`/o/${B}/maturity/rounds/${rid}`);
  assert.equal(res.status, 200);
  assert.match(res.text, /<svg [^>]*role="img"[^>]*aria-labelledby="radar-t radar-d"/);
  assert.match(res.text, /<title id="radar-t">[^<]+<\/title>/);
  assert.ok(!/ style=/.test(res.text), 'inline style attribute');
  assert.match(res.text, /<table class="ds-table"[^>]*><caption>Score per area \(0-100\)<\/caption>/);
  // Area labels on the axes are the short names.
  for (const a of SET.areas) assert.ok(res.text.includes(`>${(a.short || a.title).nb}</text>`), a.short?.nb);
  const mine = score(dbQuery(srv.db, `SELECT question_urn, level, not_relevant FROM maturity_answers WHERE round_id = ${rid}`)
    .map(([urn, level, nr]) => ({ urn, level: level === '' ? null : Number(level), nr: nr === '1' })));
  const first = row(res.text, SET.areas[0].title.nb);
  assert.equal(first[1], fmt(mine.areas[0]));
  assert.equal(row(res.text, SET.areas[1].title.nb)[1], fmt(mine.areas[1]));
  assert.equal(row(res.text, SET.areas[2].title.nb)[1], 'no answers');
  assert.equal(row(res.text, 'Total')[1], fmt(mine.total));
  // Change since Bergen's previous (2024 demo) round, per area.
  const [[prevId]] = dbQuery(srv.db, `SELECT id FROM maturity_rounds WHERE org_id = ${B} AND closed_at IS NOT NULL ORDER BY started_at DESC LIMIT 1`);
  const prev = score(dbQuery(srv.db, `SELECT question_urn, level, not_relevant FROM maturity_answers WHERE round_id = ${prevId}`)
    .map(([urn, level, nr]) => ({ urn, level: level === '' ? null : Number(level), nr: nr === '1' })));
  const d = mine.areas[0] - prev.areas[0];
  const sign = tenths(d) > 0 ? '+' : tenths(d) < 0 ? '\u2212' : '';
  assert.equal(first[first.length - 1], `${sign}${Math.abs(tenths(d)).toFixed(1)}`);
  assert.equal(row(res.text, SET.areas[2].title.nb).at(-1), 'no comparison');

  // Close as reader/dpo: refused. As the administrator: closed, audited.
  for (const role of ['dpo', 'reader', 'school_leader']) {
    assert.equal((await c[role].client.post(`/o/${B}/maturity/rounds/${rid}/close`, { _csrf: c[role].csrf })).status, 403, role);
  }
  assert.equal(openRound(B).length, 1);
  const closed = await c.org_admin.client.post(`/o/${B}/maturity/rounds/${rid}/close`, { _csrf: c.org_admin.csrf });
  assert.equal(closed.status, 200);
  assert.match(closed.text, /The round has been closed/);
  assert.equal(openRound(B).length, 0);
  assert.equal(count(`SELECT COUNT(*) FROM audit WHERE org_id = ${B} AND action = 'maturity.round.close' AND object_id = ${rid}`), 1);

  // Read-only now: no form, posts refused with 409 and nothing changed.
  const before = dbSnapshot(srv.db, TABLES);
  const url = `/o/${B}/maturity/rounds/${rid}/areas/1`;
  const g = await c.adviser.client.get(url);
  assert.equal(g.status, 200);
  assert.ok(!g.text.includes(`action="${url}"`));
  assert.match(g.text, /This round is closed/);
  const p = await c.adviser.client.post(url, { 'level-1': '0', _csrf: c.adviser.csrf });
  assert.equal(p.status, 409);
  assert.equal((await c.adviser.client.post(`/o/${B}/maturity/rounds/${rid}/close`, { _csrf: c.adviser.csrf })).status, 409);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
  // The evidence link of a closed round is offered as a link; notes are not.
  assert.ok(g.text.includes('href="https://www.bergen.kommune.no/mandat"'));
  assert.ok(!g.text.includes('href="Notat'));
  assert.ok(!g.text.includes('type="radio"'));
  // A new round may start now.
  const next = await start('org_admin', 'Neste runde');
  assert.ok(next > rid);
});

test('comparison: county and nation shown from five municipalities, with the formula\'s value', async () => {
  const vestland = orgIdOf(srv.db, 'county', '46');
  const ps = peers();
  const county = ps.filter((p) => p.parent === vestland);
  assert.ok(county.length >= 5, `demo has ${county.length} Vestland municipalities`);
  const [[rid]] = dbQuery(srv.db, `SELECT id FROM maturity_rounds WHERE org_id = ${B} AND closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT 1`);
  const res = await c.dpo.client.get(`/o/${B}/maturity/rounds/${rid}`);
  assert.equal(res.status, 200);
  const avg = (list, f) => list.map(f).filter((x) => x !== null).reduce((a, b) => a + b, 0) / list.map(f).filter((x) => x !== null).length;
  const total = row(res.text, 'Total');
  assert.equal(total[2], fmt(avg(county, (p) => p.score.total)), 'county total');
  assert.equal(total[3], fmt(avg(ps, (p) => p.score.total)), 'national total');
  const a0 = row(res.text, SET.areas[0].title.nb);
  assert.equal(a0[2], fmt(avg(county, (p) => p.score.areas[0])));
  assert.match(res.text, /County average \(Vestland\)/);
  // The chart draws the county as a dashed second series.
  assert.match(res.text, /stroke-dasharray="7 5" points="/);

  // Nordre Follo is alone in Akershus: no county average, nation shown.
  const nf = await loggedIn(srv.base, 'pvo@nordrefollo.demo', undefined, { lang: 'en' });
  const [[nfRound]] = dbQuery(srv.db, `SELECT id FROM maturity_rounds WHERE org_id = ${NF} LIMIT 1`);
  const nfr = await nf.get(`/o/${NF}/maturity/rounds/${nfRound}`);
  assert.equal(nfr.status, 200);
  assert.match(nfr.text, /County average \(Akershus\): Too few municipalities to show an average \(at least 5\)\./);
  assert.equal(row(nfr.text, 'Total')[2], 'too few municipalities');
  assert.equal(row(nfr.text, 'Total')[3], fmt(avg(ps, (p) => p.score.total)));
});

test('comparison is hidden when fewer than five municipalities contribute', async () => {
  const vestland = orgIdOf(srv.db, 'county', '46');
  // Keep Bergen and three more Vestland municipalities' rounds; remove
  // the rest, so Vestland has four and the nation five (with Nordre Follo).
  const keep = dbQuery(srv.db, `SELECT o.id FROM orgs o WHERE o.parent_id = ${vestland} AND o.kind = 'municipality'
    AND EXISTS (SELECT 1 FROM maturity_rounds r WHERE r.org_id = o.id AND r.closed_at IS NOT NULL) ORDER BY o.number`).map(([id]) => Number(id));
  const drop = keep.filter((id) => id !== B).slice(3);
  assert.ok(drop.length >= 1);
  for (const org of drop) {
    dbExec(srv.db, `DELETE FROM maturity_answers WHERE round_id IN (SELECT id FROM maturity_rounds WHERE org_id = ${org}) RETURNING round_id`);
    dbExec(srv.db, `DELETE FROM maturity_rounds WHERE org_id = ${org} RETURNING id`);
  }
  const ps = peers();
  assert.equal(ps.filter((p) => p.parent === vestland).length, 4);
  assert.equal(ps.length, 5);
  const [[rid]] = dbQuery(srv.db, `SELECT id FROM maturity_rounds WHERE org_id = ${B} AND closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT 1`);
  let res = await c.reader.client.get(`/o/${B}/maturity/rounds/${rid}`);
  assert.match(res.text, /County average \(Vestland\): Too few municipalities to show an average \(at least 5\)\./);
  assert.equal(row(res.text, 'Total')[2], 'too few municipalities');
  assert.notEqual(row(res.text, 'Total')[3], 'too few municipalities');
  assert.match(res.text, /National average<\/text>/, 'the chart falls back to the national average');

  // One fewer: four in the nation too. No average anywhere, no second series.
  dbExec(srv.db, `DELETE FROM maturity_answers WHERE round_id IN (SELECT id FROM maturity_rounds WHERE org_id = ${NF}) RETURNING round_id`);
  dbExec(srv.db, `DELETE FROM maturity_rounds WHERE org_id = ${NF} RETURNING id`);
  res = await c.reader.client.get(`/o/${B}/maturity/rounds/${rid}`);
  assert.match(res.text, /National average: Too few municipalities to show an average \(at least 5\)\./);
  assert.equal(row(res.text, 'Total')[3], 'too few municipalities');
  for (const a of SET.areas) assert.equal(row(res.text, a.title.nb)[3], 'too few municipalities');
  assert.ok(!res.text.includes('stroke-dasharray'), 'a comparison is drawn');
});

// ---- the overview ----

test('overview: empty states for a school owner with no data, figures once there are some', async () => {
  const env = { SKOLESEC_PASSWORD: 'oslo-test-password' };
  const add = await runBin(['user', 'add', 'admin@oslo.test', 'Oslo Admin', '--org', 'municipality:0301', '--role', 'org_admin', '--db', srv.db], { env });
  assert.equal(add.code, 0, add.stderr);
  const oslo = orgIdOf(srv.db, 'municipality', '0301');
  const client = await loggedIn(srv.base, 'admin@oslo.test', 'oslo-test-password', { lang: 'en' });
  let r = await client.get(`/o/${oslo}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Municipality number<\/dt><dd>0301/, 'the existing facts stay');
  assert.match(r.text, /Organisation administrator/);
  for (const id of ['b-tools', 'b-coverage', 'b-maturity', 'b-todos']) assert.ok(r.text.includes(`id="${id}"`), id);
  assert.match(r.text, /No tools have been registered yet\./);
  assert.match(r.text, /No tools are registered as in use/);
  assert.match(r.text, /No maturity round has been started yet\./);
  assert.match(r.text, /There are no open to-dos\./);
  assert.ok(r.text.includes(`href="/o/${oslo}/maturity"`));
  assert.ok(r.text.includes(`href="/o/${oslo}/inventory"`));

  // Three tools: two in use (one with ROS and DBA), one on trial; twelve
  // open to-dos and one done; a to-do in Nordre Follo that must not show.
  const tools = dbQuery(srv.db, 'SELECT id FROM tools ORDER BY id LIMIT 3').map(([id]) => Number(id));
  assert.equal(tools.length, 3, 'the catalogue seed has tools');
  const now = Math.floor(Date.now() / 1000);
  dbExec(srv.db, `INSERT INTO inventory (org_id, tool_id, state, has_ros, has_dpia, has_dba, created_at, updated_at) VALUES
    (${oslo}, ${tools[0]}, 'in_use', 1, 0, 1, ${now}, ${now}), (${oslo}, ${tools[1]}, 'in_use', 0, 0, 0, ${now}, ${now}),
    (${oslo}, ${tools[2]}, 'trial', 1, 1, 1, ${now}, ${now}) RETURNING id`);
  const values = [];
  for (let i = 1; i <= 12; i++) values.push(`(${oslo}, 'ros', 'Oslo-oppgave ${String(i).padStart(2, '0')}', 'test', 'open', ${now + i})`);
  values.push(`(${oslo}, 'dba', 'Oslo ferdig', 'test', 'done', ${now + 100})`);
  values.push(`(${NF}, 'dpia', 'Nordre Follo hemmelig oppgave', 'test', 'open', ${now + 200})`);
  dbExec(srv.db, `INSERT INTO todos (org_id, kind, title, source, status, created_at) VALUES ${values.join(', ')} RETURNING id`);

  r = await client.get(`/o/${oslo}`);
  assert.equal(r.status, 200);
  const cell = (label) => new RegExp(`<th scope="row">${label}</th><td>([^<]*)</td>(?:<td>([^<]*)</td>)?`).exec(r.text)?.slice(1);
  assert.equal(cell('In use')[0], '2');
  assert.equal(cell('On trial')[0], '1');
  assert.equal(cell('Being phased out')[0], '0');
  assert.deepEqual(cell('Risk assessment \\(ROS\\)'), ['1 of 2', '50 %']);
  assert.deepEqual(cell('Data protection impact assessment \\(DPIA\\)'), ['0 of 2', '0 %']);
  assert.deepEqual(cell('Data processing agreement'), ['1 of 2', '50 %']);
  const shown = [...r.text.matchAll(/Oslo-oppgave (\d+)/g)].map((m) => m[1]);
  assert.deepEqual(shown, ['12', '11', '10', '09', '08', '07', '06', '05', '04', '03'], 'the newest ten');
  assert.match(r.text, /Open to-dos in all: 12/);
  assert.ok(!r.text.includes('Oslo ferdig'));
  assert.ok(!r.text.includes('Nordre Follo'), 'another organisation shows');

  // A maturity round: the overview shows its radar and table.
  const start2 = await client.post(`/o/${oslo}/maturity/rounds`, { title: 'Oslo 2025', _csrf: await csrfOf(client) });
  assert.equal(start2.status, 303);
  const rid = Number(/rounds\/(\d+)$/.exec(start2.location)[1]);
  const save = await client.post(`/o/${oslo}/maturity/rounds/${rid}/areas/1`, { 'level-1': '5', 'level-2': '0', _csrf: await csrfOf(client) });
  assert.equal(save.status, 200);
  r = await client.get(`/o/${oslo}`);
  assert.match(r.text, /<svg [^>]*role="img"[^>]*aria-labelledby="dash-radar-t/);
  assert.ok(r.text.includes(`href="/o/${oslo}/maturity/rounds/${rid}"`));
  assert.equal(new RegExp(`<th scope="row"><a class="ds-link" href="/o/${oslo}/maturity/rounds/${rid}/areas/1">[^<]*</a></th><td>([^<]*)</td>`).exec(r.text)?.[1], '50.0');
  assert.ok(!/ style=/.test(r.text));
});

test('overview per role: school leaders get no organisation-wide figures; other kinds get no blocks', async () => {
  const leader = await c.school_leader.client.get(`/o/${B}`);
  assert.equal(leader.status, 200);
  for (const id of ['b-tools', 'b-coverage', 'b-maturity', 'b-todos']) assert.ok(!leader.text.includes(`id="${id}"`), `leader sees ${id}`);
  assert.ok(leader.text.includes(`href="/o/${B}/inventory"`));
  for (const role of ['org_admin', 'adviser', 'dpo', 'reader']) {
    const r = await c[role].client.get(`/o/${B}`);
    assert.equal(r.status, 200, role);
    for (const id of ['b-tools', 'b-coverage', 'b-maturity', 'b-todos']) assert.ok(r.text.includes(`id="${id}"`), `${role}: ${id}`);
    assert.ok(!r.text.includes('Nordre Follo'), `${role}: another organisation shows`);
  }
  // The administrator is a reader in Digi Vestland (a network): facts only.
  const dv = orgIdOf(srv.db, 'network', 'DIGI-VESTLAND');
  const net = await c.org_admin.client.get(`/o/${dv}`);
  assert.equal(net.status, 200);
  assert.match(net.text, /Regional network/);
  assert.ok(!net.text.includes('id="b-tools"') && !net.text.includes('id="b-maturity"'));
  const mat = await c.org_admin.client.get(`/o/${dv}/maturity`);
  assert.equal(mat.status, 200);
  assert.match(mat.text, /Only municipalities and counties answer/);
});
