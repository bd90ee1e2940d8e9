// The advisory programme (veiledertjeneste, issue 7) over HTTP against the
// real binary, on the demo database: Digi Vestland's cohort with Bergen
// (consenting), Askøy (consenting), Voss (no consent) and Stord (pending).
//
// What must hold: the public page needs no login and names no participant;
// an application is accepted before the deadline and refused after it,
// changing nothing; advisers see nothing of a municipality without its
// consent, read (never change) with it, every such access lands in the
// municipality's own audit chain and on its participation page, and a
// withdrawal takes effect at the next request; a participant sees no other
// participant's data; comments reach the municipality's maturity round; the
// evaluation is counted and averaged, with anonymous free text listed
// without names. Pages are requested in English so texts are the msgids.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startServer, Client, csrfFrom, csrfOf, loggedIn, dbQuery, dbValue, dbExec, dbSnapshot, orgIdOf,
} from './lib.mjs';

const ROLES = ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'];
const BERGEN = {
  org_admin: 'admin@bergen.demo',
  adviser: 'radgiver@bergen.demo',
  school_leader: 'rektor@bergen.demo',
  dpo: 'pvo@bergen.demo',
  reader: 'leser@bergen.demo',
};
const TABLES = ['programmes', 'programme_applications', 'programme_participants', 'programme_consents',
  'programme_comments', 'programme_evaluations', 'programme_eval_answers', 'audit', 'audit_heads'];

let srv; let B; let NF; let DV; let P; // demo programme id
let vera; let bergen; let nf; // clients: regional adviser, Bergen admin, Nordre Follo admin
const bc = {}; // Bergen role -> { client, csrf }

before(async () => {
  srv = await startServer();
  B = orgIdOf(srv.db, 'municipality', '4601');
  NF = orgIdOf(srv.db, 'municipality', '3207');
  DV = orgIdOf(srv.db, 'network', 'DIGI-VESTLAND');
  P = Number(dbValue(srv.db, `SELECT id FROM programmes WHERE org_id = ${DV}`));
  assert.ok(P > 0, 'demo programme');
  vera = await loggedIn(srv.base, 'veileder@digivestland.demo', undefined, { lang: 'en' });
  vera.csrf = await csrfOf(vera);
  nf = await loggedIn(srv.base, 'admin@nordrefollo.demo', undefined, { lang: 'en' });
  nf.csrf = await csrfOf(nf);
  for (const role of ROLES) {
    const client = await loggedIn(srv.base, BERGEN[role], undefined, { lang: 'en' });
    bc[role] = { client, csrf: await csrfOf(client) };
  }
  bergen = bc.org_admin.client;
  bergen.csrf = bc.org_admin.csrf;
});

after(async () => {
  await srv?.stop();
});

const count = (sql) => Number(dbValue(srv.db, sql));
const accesses = (org) => count(`SELECT COUNT(*) FROM audit WHERE org_id = ${org} AND action = 'programme.adviser_access'`);
const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

async function createProgramme(title, applyBy) {
  const r = await vera.post(`/o/${DV}/programmes`, {
    _csrf: vera.csrf, title, gives: 'Kompetanse', demands: 'Fire samlinger', contact_name: 'Vera Veileder',
    contact_email: 'veileder@digivestland.demo', meeting_on: day(5), meeting_time: '14:00',
    meeting_link: 'https://teams.example.com/x', apply_by: applyBy, starts_on: day(10),
  });
  assert.equal(r.status, 303, r.text.slice(0, 1500));
  const m = new RegExp(`^/o/${DV}/programmes/(\\d+)$`).exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

test('the public programme page needs no login and names no participant', async () => {
  const anon = new Client(srv.base);
  anon.cookies.set('skolesec_lang', 'en');
  const r = await anon.get(`/programmes/${P}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Veiledertjeneste Vestland \(demo\)/);
  assert.match(r.text, /Competency goals/);
  assert.match(r.text, /Able to map how privacy/);
  for (const phase of ['Start-up', 'Mapping', 'Current state and measures', 'Implementation', 'Evaluation']) {
    assert.ok(r.text.includes(phase), phase);
  }
  assert.match(r.text, /teams\.example\.com/);
  assert.match(r.text, /Log in to apply/);
  for (const name of ['Bergen', 'Askøy', 'Voss', 'Stord', 'Nordre Follo']) {
    assert.ok(!r.text.includes(name), `public page names ${name}`);
  }
  const list = await anon.get('/programmes');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`href="/programmes/${P}"`));
  assert.equal((await anon.get('/programmes/999999')).status, 404);
});

test('registration for the information meeting: stored once, bad e-mail refused', async () => {
  const anon = new Client(srv.base);
  anon.cookies.set('skolesec_lang', 'en');
  const page = await anon.get(`/programmes/${P}`);
  const csrf = csrfFrom(page.text);
  const before = count(`SELECT COUNT(*) FROM programme_registrations WHERE programme_id = ${P}`);
  const bad = await anon.post(`/programmes/${P}/register`, { _csrf: csrf, name: 'Ola', email: 'not-an-address', organisation: 'Askøy' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /ds-error-summary/);
  const ok = await anon.post(`/programmes/${P}/register`, { _csrf: csrf, name: 'Ola', email: 'ola@askoy.example', organisation: 'Askøy' });
  assert.equal(ok.status, 200);
  assert.match(ok.text, /You are registered/);
  const again = await anon.post(`/programmes/${P}/register`, { _csrf: csrf, name: 'Ola', email: 'ola@askoy.example', organisation: 'Askøy' });
  // The same answer as the first time: the public form does not reveal
  // whether an address had signed up already; still one row.
  assert.equal(again.status, 200);
  assert.match(again.text, /You are registered/);
  assert.equal(count(`SELECT COUNT(*) FROM programme_registrations WHERE programme_id = ${P}`), before + 1);
  // The adviser team sees who registered.
  const prog = await vera.get(`/o/${DV}/programmes/${P}`);
  assert.match(prog.text, /<td>Ola<\/td><td>ola@askoy\.example<\/td><td>Askøy<\/td>/);
  // Without the CSRF token nothing is stored.
  const forged = await anon.post(`/programmes/${P}/register`, { name: 'X', email: 'x@y.example', organisation: 'X' });
  assert.equal(forged.status, 403);
  assert.equal(count(`SELECT COUNT(*) FROM programme_registrations WHERE programme_id = ${P}`), before + 1);
});

test('creating a programme: bad dates are refused with a message; five phases and the creator as adviser', async () => {
  const bad = await vera.post(`/o/${DV}/programmes`, {
    _csrf: vera.csrf, title: 'X', gives: 'a', demands: 'b', contact_name: 'V', contact_email: 'v@x.example',
    apply_by: '2026-02-30', starts_on: 'soon',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Write the date as YYYY-MM-DD/);
  const id = await createProgramme('Kull 2 (test)', day(20));
  assert.equal(count(`SELECT COUNT(*) FROM programme_phases WHERE programme_id = ${id}`), 5);
  assert.equal(count(`SELECT COUNT(*) FROM programme_advisers WHERE programme_id = ${id}`), 1);
  assert.ok(count(`SELECT COUNT(*) FROM audit WHERE org_id = ${DV} AND action = 'programme.create' AND object_id = ${id}`) === 1);
});

test('an application before the deadline is stored; after it the form is closed and nothing changes', async () => {
  const open = await createProgramme('Søknad åpen (test)', day(3));
  const closed = await createProgramme('Søknad stengt (test)', day(3));
  const page = await nf.get(`/o/${NF}/participation`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Søknad åpen (test)'));
  const missing = await nf.post(`/o/${NF}/participation/apply`, { _csrf: nf.csrf, programme: open, contact_name: 'Nora', contact_email: 'nora@nf.example' });
  assert.equal(missing.status, 400);
  assert.equal(count(`SELECT COUNT(*) FROM programme_applications WHERE org_id = ${NF}`), 0);
  const ok = await nf.post(`/o/${NF}/participation/apply`, {
    _csrf: nf.csrf, programme: open, contact_name: 'Nora Admin', contact_email: 'nora@nf.example', motivation: 'Vi vil lære.',
  });
  assert.equal(ok.status, 200, ok.text.slice(0, 1500));
  assert.match(ok.text, /The application has been sent/);
  const dup = await nf.post(`/o/${NF}/participation/apply`, {
    _csrf: nf.csrf, programme: open, contact_name: 'Nora Admin', contact_email: 'nora@nf.example', motivation: 'Igjen.',
  });
  assert.equal(dup.status, 409);

  // Yesterday was the last day of the other programme.
  dbExec(srv.db, `UPDATE programmes SET apply_by = '${day(-1)}' WHERE id = ${closed} RETURNING id`);
  const snap = dbSnapshot(srv.db, TABLES);
  const late = await nf.post(`/o/${NF}/participation/apply`, {
    _csrf: nf.csrf, programme: closed, contact_name: 'Nora Admin', contact_email: 'nora@nf.example', motivation: 'For sent.',
  });
  assert.equal(late.status, 409);
  assert.match(late.text, /The application deadline has passed/);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), snap);
  const pub = await new Client(srv.base).get(`/programmes/${closed}`, { headers: { cookie: 'skolesec_lang=en' } });
  assert.match(pub.text, /Applications are closed/);
  assert.ok(!pub.text.includes('Log in to apply'));
  const list = await nf.get(`/o/${NF}/participation`);
  assert.ok(!list.text.includes('Søknad stengt (test)'), 'a closed programme is not offered');

  // The adviser team accepts; the municipality becomes a participant and sees the message.
  const appId = Number(dbValue(srv.db, `SELECT id FROM programme_applications WHERE org_id = ${NF} AND programme_id = ${open}`));
  const acc = await vera.post(`/o/${DV}/programmes/${open}/applications`, { _csrf: vera.csrf, application: appId, decision: 'accept', message: 'Velkommen!' });
  assert.equal(acc.status, 303);
  assert.equal(count(`SELECT COUNT(*) FROM programme_participants WHERE programme_id = ${open} AND org_id = ${NF}`), 1);
  const again = await vera.post(`/o/${DV}/programmes/${open}/applications`, { _csrf: vera.csrf, application: appId, decision: 'decline' });
  assert.equal(again.status, 409);
  const mine = await nf.get(`/o/${NF}/participation`);
  assert.match(mine.text, /Accepted/);
  assert.match(mine.text, /Velkommen!/);
  // Both chains record the decision.
  assert.equal(count(`SELECT COUNT(*) FROM audit WHERE action = 'programme.decide' AND object_id = ${appId} AND org_id IN (${NF}, ${DV})`), 2);
});

test('advisers see nothing without consent, read with it, are audited, and lose access at withdrawal', async () => {
  const prog = await createProgramme('Samtykke (test)', day(10));
  const r0 = await nf.post(`/o/${NF}/participation/apply`, {
    _csrf: nf.csrf, programme: prog, contact_name: 'Nora', contact_email: 'nora@nf.example', motivation: 'Ja.',
  });
  assert.equal(r0.status, 200);
  const appId = Number(dbValue(srv.db, `SELECT id FROM programme_applications WHERE org_id = ${NF} AND programme_id = ${prog}`));
  assert.equal((await vera.post(`/o/${DV}/programmes/${prog}/applications`, { _csrf: vera.csrf, application: appId, decision: 'accept' })).status, 303);

  const pages = [`/o/${NF}`, `/o/${NF}/maturity`, `/o/${NF}/inventory`];
  for (const p of pages) assert.equal((await vera.get(p)).status, 403, `${p} before consent`);
  const dash0 = await vera.get(`/o/${DV}/programmes/${prog}/dashboard`);
  assert.equal(dash0.status, 200);
  assert.match(dash0.text, /Nordre Follo/);
  assert.match(dash0.text, /no access/);
  assert.ok(!dash0.text.includes(`href="/o/${NF}"`));
  assert.equal(accesses(NF), 0);

  const grant = await nf.post(`/o/${NF}/participation/consent`, { _csrf: nf.csrf, programme: prog, grant: 'grant' });
  assert.equal(grant.status, 200);
  assert.match(grant.text, /now has read access/);
  for (const p of pages) assert.equal((await vera.get(p)).status, 200, `${p} with consent`);
  const round = Number(dbValue(srv.db, `SELECT MAX(id) FROM maturity_rounds WHERE org_id = ${NF}`));
  assert.equal((await vera.get(`/o/${NF}/maturity/rounds/${round}`)).status, 200);
  assert.equal(accesses(NF), pages.length + 1);
  // Read only: no edit, approve, users or audit actions through consent.
  const snap = dbSnapshot(srv.db, ['maturity_rounds', 'maturity_answers', 'memberships', 'invites']);
  assert.equal((await vera.post(`/o/${NF}/maturity/rounds`, { _csrf: vera.csrf, title: 'Ny' })).status, 403);
  assert.equal((await vera.post(`/o/${NF}/maturity/rounds/${round}/close`, { _csrf: vera.csrf })).status, 403);
  assert.equal((await vera.post(`/o/${NF}/users/invite`, { _csrf: vera.csrf, email: 'x@y.example', role: 'reader' })).status, 403);
  for (const p of [`/o/${NF}/users`, `/o/${NF}/audit`, `/o/${NF}/schools`, `/o/${NF}/participation`]) {
    assert.equal((await vera.get(p)).status, 403, p);
  }
  assert.deepEqual(dbSnapshot(srv.db, ['maturity_rounds', 'maturity_answers', 'memberships', 'invites']), snap);
  // The dashboard now shows Nordre Follo's figures.
  const dash = await vera.get(`/o/${DV}/programmes/${prog}/dashboard`);
  assert.ok(dash.text.includes(`href="/o/${NF}"`));
  // The municipality sees who opened what, from its own change log.
  const part = await nf.get(`/o/${NF}/participation`);
  assert.match(part.text, /Vera Veileder/);
  assert.ok(part.text.includes(`GET /o/${NF}/maturity`));
  assert.equal(count(`SELECT COUNT(*) FROM audit WHERE org_id = ${DV} AND action = 'programme.adviser_access'`), 0);

  // Withdrawal: the very next request is refused.
  const w = await nf.post(`/o/${NF}/participation/consent`, { _csrf: nf.csrf, programme: prog, grant: 'withdraw' });
  assert.equal(w.status, 200);
  const n = accesses(NF);
  for (const p of pages) assert.equal((await vera.get(p)).status, 403, `${p} after withdrawal`);
  assert.equal(accesses(NF), n, 'a refused request is not an access');
  assert.equal((await nf.post(`/o/${NF}/participation/consent`, { _csrf: nf.csrf, programme: prog, grant: 'withdraw' })).status, 409);
  // Granting to a programme it does not take part in is refused.
  assert.equal((await nf.post(`/o/${NF}/participation/consent`, { _csrf: nf.csrf, programme: P, grant: 'grant' })).status, 409);
  assert.equal(count(`SELECT COUNT(*) FROM programme_consents WHERE org_id = ${NF} AND programme_id = ${P}`), 0);
});

test('an adviser comments on a maturity round through consent; the municipality sees it; others cannot comment', async () => {
  const round = Number(dbValue(srv.db, `SELECT MAX(id) FROM maturity_rounds WHERE org_id = ${B}`));
  const r = await vera.post(`/o/${B}/maturity/rounds/${round}/comments`, { _csrf: vera.csrf, body: 'Husk <rutiner> for avvik.' });
  assert.equal(r.status, 303);
  const page = await bergen.get(`/o/${B}/maturity/rounds/${round}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Comments from the adviser team/);
  assert.ok(page.text.includes('Husk &lt;rutiner&gt; for avvik.'));
  assert.ok(!page.text.includes('name="body"'), 'members get no comment form');
  for (const role of ROLES) {
    const x = await bc[role].client.post(`/o/${B}/maturity/rounds/${round}/comments`, { _csrf: bc[role].csrf, body: 'x' });
    assert.equal(x.status, 403, role);
  }
  const empty = await vera.post(`/o/${B}/maturity/rounds/${round}/comments`, { _csrf: vera.csrf, body: '' });
  assert.equal(empty.status, 400);
  // Another organisation's round under Bergen's address is 404.
  const nfRound = Number(dbValue(srv.db, `SELECT MAX(id) FROM maturity_rounds WHERE org_id = ${NF}`));
  assert.equal((await vera.post(`/o/${B}/maturity/rounds/${nfRound}/comments`, { _csrf: vera.csrf, body: 'x' })).status, 404);
  assert.equal(count(`SELECT COUNT(*) FROM programme_comments WHERE body = 'x'`), 0);
  // The action plan as a whole takes comments too.
  const pc = await vera.post(`/o/${B}/advice/plan`, { _csrf: vera.csrf, body: 'Prioriter DBA-ene.' });
  assert.equal(pc.status, 303);
  assert.equal(pc.location, `/o/${B}/plan`);
  const plan = await bergen.get(`/o/${B}/plan`);
  assert.equal(plan.status, 200);
  assert.ok(plan.text.includes('Prioriter DBA-ene.'));
  assert.equal((await bc.adviser.client.post(`/o/${B}/advice/plan`, { _csrf: bc.adviser.csrf, body: 'x' })).status, 403);
  assert.equal((await vera.post(`/o/${NF}/advice/plan`, { _csrf: vera.csrf, body: 'x' })).status, 403);
});

test('a participant sees no other participant; only the org admin opens participation', async () => {
  const page = await bergen.get(`/o/${B}/participation`);
  assert.equal(page.status, 200);
  for (const name of ['Askøy', 'Voss', 'Stord', 'Nordre Follo']) assert.ok(!page.text.includes(name), name);
  assert.match(page.text, /Veiledertjeneste Vestland \(demo\)/);
  for (const role of ROLES.slice(1)) assert.equal((await bc[role].client.get(`/o/${B}/participation`)).status, 403, role);
  // Bergen's administrator is a reader in Digi Vestland: no programme pages there.
  for (const p of [`/o/${DV}/programmes`, `/o/${DV}/programmes/${P}`, `/o/${DV}/programmes/${P}/dashboard`, `/o/${DV}/programmes/${P}/report`]) {
    assert.equal((await bergen.get(p)).status, 403, p);
  }
  // Askøy's data (consented to the adviser team) is not Bergen's to read.
  const askoy = orgIdOf(srv.db, 'municipality', '4627');
  assert.equal((await bergen.get(`/o/${askoy}/maturity`)).status, 403);
  // A programme of the network under another organisation's address is 404/403.
  assert.equal((await vera.get(`/o/${DV}/programmes/999999`)).status, 404);
});

test('moving a phase is shown to the participants with the dates it had', async () => {
  const old = dbQuery(srv.db, `SELECT starts_on, ends_on FROM programme_phases WHERE programme_id = ${P} AND position = 2`)[0];
  const r = await vera.post(`/o/${DV}/programmes/${P}/phases`, { _csrf: vera.csrf, phase: 2, starts_on: day(40), ends_on: day(70) });
  assert.equal(r.status, 303);
  const bad = await vera.post(`/o/${DV}/programmes/${P}/phases`, { _csrf: vera.csrf, phase: 2, starts_on: day(70), ends_on: day(40) });
  assert.equal(bad.status, 400);
  const page = await bergen.get(`/o/${B}/participation`);
  assert.match(page.text, /moved/);
  const norw = (d) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
  const en = (d) => d;
  assert.ok(page.text.includes(en(old[0])) || page.text.includes(norw(old[0])), 'old start shown');
  assert.ok(page.text.includes(day(40)));
});

test('workshops, attendance and tasks: the municipality completes its own task only', async () => {
  const w = await vera.post(`/o/${DV}/programmes/${P}/workshops`, { _csrf: vera.csrf, title: 'Samling 2', held_on: day(15), place: 'Teams', online: 'on', agenda: 'Prioritering' });
  assert.equal(w.status, 303);
  const wid = Number(dbValue(srv.db, `SELECT id FROM programme_workshops WHERE title = 'Samling 2'`));
  const att = await vera.post(`/o/${DV}/programmes/${P}/workshops`, { _csrf: vera.csrf, workshop: wid, present: [B] });
  assert.equal(att.status, 303);
  assert.equal(count(`SELECT COUNT(*) FROM programme_attendance WHERE workshop_id = ${wid} AND attended = 1`), 1);
  const t = await vera.post(`/o/${DV}/programmes/${P}/tasks`, { _csrf: vera.csrf, task_title: 'Lag tiltaksplan', due_on: day(20), org: B });
  assert.equal(t.status, 303);
  const tid = Number(dbValue(srv.db, `SELECT id FROM programme_tasks WHERE title = 'Lag tiltaksplan'`));
  const askoyTask = Number(dbValue(srv.db, `SELECT MIN(id) FROM programme_tasks WHERE org_id <> ${B}`));
  assert.equal((await bergen.post(`/o/${B}/participation/tasks`, { _csrf: bergen.csrf, task: askoyTask })).status, 404);
  const done = await bergen.post(`/o/${B}/participation/tasks`, { _csrf: bergen.csrf, task: tid });
  assert.equal(done.status, 200);
  assert.ok(count(`SELECT COUNT(*) FROM programme_tasks WHERE id = ${tid} AND done_at IS NOT NULL`) === 1);
  assert.ok(count(`SELECT COUNT(*) FROM programme_tasks WHERE id = ${askoyTask} AND done_at IS NULL`) === 1);
});

test('the evaluation: all scale questions required, once per participant, results as counts and averages, anonymous text without names', async () => {
  const form = await bergen.get(`/o/${B}/participation`);
  const nq = [...form.text.matchAll(/name="q(\d+)"/g)].reduce((m, x) => Math.max(m, Number(x[1])), 0);
  assert.ok(nq >= 5, `questions on the form: ${nq}`);
  const incomplete = await bergen.post(`/o/${B}/participation/evaluation`, { _csrf: bergen.csrf, programme: P, q1: '4' });
  assert.equal(incomplete.status, 400);
  assert.equal(count(`SELECT COUNT(*) FROM programme_evaluations`), 0);
  const bad = await bergen.post(`/o/${B}/participation/evaluation`, { _csrf: bergen.csrf, programme: P, q1: '9', q2: '4', q3: '4', q4: '4', q5: '4' });
  assert.equal(bad.status, 400);
  const ok = await bergen.post(`/o/${B}/participation/evaluation`, {
    _csrf: bergen.csrf, programme: P, q1: '4', q2: '5', q3: '3', q4: '4', q5: '5', q6: 'Samlingene var best.', anonymous: 'on',
  });
  assert.equal(ok.status, 200, ok.text.slice(0, 1200));
  const twice = await bergen.post(`/o/${B}/participation/evaluation`, { _csrf: bergen.csrf, programme: P, q1: '1', q2: '1', q3: '1', q4: '1', q5: '1' });
  assert.equal(twice.status, 409);
  // A second participant, with its name, through the database (Askøy has no demo user).
  const askoy = orgIdOf(srv.db, 'municipality', '4627');
  const [[urn, ver]] = dbQuery(srv.db, 'SELECT set_urn, set_version FROM programme_evaluations');
  dbExec(srv.db, `INSERT INTO programme_evaluations (programme_id, org_id, set_urn, set_version, anonymous, submitted_at) VALUES (${P}, ${askoy}, '${urn}', '${ver}', 0, 1) RETURNING id`);
  const eid = Number(dbValue(srv.db, `SELECT id FROM programme_evaluations WHERE org_id = ${askoy}`));
  dbExec(srv.db, `INSERT INTO programme_eval_answers (evaluation_id, question_urn, score, body) VALUES (${eid}, '${urn}:q:kartlegging', 2, '') RETURNING evaluation_id`);
  dbExec(srv.db, `INSERT INTO programme_eval_answers (evaluation_id, question_urn, score, body) VALUES (${eid}, '${urn}:q:best', NULL, 'Nettverket.') RETURNING evaluation_id`);

  const res = await vera.get(`/o/${DV}/programmes/${P}/evaluation`);
  assert.equal(res.status, 200);
  assert.match(res.text, /2 municipalities have answered/);
  // The first question: scores 4 and 2 -> 2 answers, average 3.0.
  const row = /<tr><th scope="row">We are now able to map[^<]*<\/th><td>(\d+)<\/td><td>([^<]*)<\/td>/.exec(res.text);
  assert.ok(row, 'row of the first question');
  assert.equal(row[1], '2');
  assert.equal(row[2], '3.0');
  assert.match(res.text, /Samlingene var best\. <span[^>]*>\(anonymous\)/);
  assert.match(res.text, /Nettverket\. <span[^>]*>\(Askøy\)/);
  assert.ok(!/Samlingene var best\.[^(]*\(Bergen\)/.test(res.text), 'anonymous answer named');
  const report = await vera.get(`/o/${DV}/programmes/${P}/report`);
  assert.equal(report.status, 200);
  assert.match(report.text, /Cohort report/);
  assert.match(report.text, /Outcomes per municipality/);
  assert.match(report.text, /Samlingene var best\./);
  assert.ok(report.text.includes(`href="/o/${DV}/programmes/${P}/report.pdf"`));
  const pdf = await vera.get(`/o/${DV}/programmes/${P}/report.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.ok(pdf.text.startsWith('%PDF-'), 'a PDF document');
  // The text is real text (pdftotext reads it back, æøå included).
  const raw = await fetch(`${srv.base}/o/${DV}/programmes/${P}/report.pdf`, { headers: { cookie: vera.cookieHeader() } });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'prog-')), 'r.pdf');
  fs.writeFileSync(file, Buffer.from(await raw.arrayBuffer()));
  const txt = execFileSync('pdftotext', [file, '-']).toString();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  assert.match(txt, /Veiledertjeneste Vestland \(demo\)/);
  assert.match(txt, /Askøy/);
  assert.match(txt, /Samlingene var best\. \(anonymous\)/);
  assert.equal((await bergen.get(`/o/${DV}/programmes/${P}/report.pdf`)).status, 403);
  // Voss gave no consent: its row carries no figures.
  const voss = /<tr><th scope="row">Voss<\/th>(.*?)<\/tr>/.exec(report.text);
  assert.ok(voss, 'Voss row');
  assert.match(voss[1], /no access/);
});

test('the cohort dashboard shows consented figures: score and change as computed from the rounds', async () => {
  const dash = await vera.get(`/o/${DV}/programmes/${P}/dashboard`);
  assert.equal(dash.status, 200);
  const row = new RegExp(`<tr><th scope="row"><a class="ds-link" href="/o/${B}">Bergen</a></th><td>[^<]*</td><td>Granted</td><td>([^<]*)</td><td>([^<]*)</td><td>(\\d+) of (\\d+)</td>`).exec(dash.text);
  assert.ok(row, 'Bergen row');
  assert.match(row[1], /^\d+\.\d$/);
  assert.match(row[2], /^[+\u2212]?\d+\.\d$/);
  const tools = count(`SELECT COUNT(DISTINCT tool_id) FROM inventory WHERE org_id = ${B}`);
  assert.equal(Number(row[4]), tools);
  assert.ok(Number(row[3]) <= tools);
});

test('documents are versioned and approved by the org admin; goals are marked with evidence; advisers see the counts', async () => {
  const post = (path, body) => bergen.post(`/o/${B}/participation/${path}`, { _csrf: bergen.csrf, programme: P, ...body });
  assert.equal((await post('documents', { kind: 'mandate', action: 'save', body: '' })).status, 400);
  assert.equal((await post('documents', { kind: 'charter', action: 'save', body: 'x' })).status, 400);
  assert.equal((await post('documents', { kind: 'mandate', action: 'approve' })).status, 409, 'nothing to approve yet');
  assert.equal((await post('documents', { kind: 'mandate', action: 'save', body: 'Mandat v1' })).status, 200);
  assert.equal((await post('documents', { kind: 'mandate', action: 'approve' })).status, 200);
  assert.equal((await post('documents', { kind: 'mandate', action: 'save', body: 'Mandat v2' })).status, 200);
  const rows = dbQuery(srv.db, `SELECT version, body, CASE WHEN approved_at IS NULL THEN 0 ELSE 1 END FROM programme_documents WHERE org_id = ${B} AND kind = 'mandate' ORDER BY version`);
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), [['1', 'Mandat v1', '1'], ['2', 'Mandat v2', '0']]);
  const page = await bergen.get(`/o/${B}/participation`);
  assert.match(page.text, /Not approved; the approved version is 1\./);
  assert.ok(page.text.includes('Mandat v2'));
  // Goals: two reached, one with evidence; too long evidence is refused.
  assert.equal((await post('goals', { reached1: 'on', evidence1: 'x'.repeat(1001) })).status, 400);
  assert.equal((await post('goals', { reached1: 'on', reached2: 'on', evidence1: 'https://bergen.kommune.no/kartlegging' })).status, 200);
  assert.equal(count(`SELECT COUNT(*) FROM programme_goals WHERE org_id = ${B} AND programme_id = ${P} AND reached = 1`), 2);
  // Nordre Follo takes no part in the demo programme: refused, nothing stored.
  const nfPost = await nf.post(`/o/${NF}/participation/goals`, { _csrf: nf.csrf, programme: P, reached1: 'on' });
  assert.equal(nfPost.status, 409);
  assert.equal(count(`SELECT COUNT(*) FROM programme_goals WHERE org_id = ${NF}`), 0);
  // The adviser team sees counts: the mandate's latest version is not approved, so 0 of 4.
  const prog = await vera.get(`/o/${DV}/programmes/${P}`);
  const row = /<tr><th scope="row">Bergen<\/th><td>[^<]*<\/td><td>(\d+) of 4<\/td><td>(\d+) of 3<\/td>/.exec(prog.text);
  assert.ok(row, 'Bergen participant row');
  assert.deepEqual([row[1], row[2]], ['0', '2']);
  assert.ok(!prog.text.includes('Mandat v2'), 'document text is not on the adviser page');
});

test("the adviser team holds only the network's regional advisers and is never left empty", async () => {
  const veraId = Number(dbValue(srv.db, "SELECT id FROM users WHERE email = 'veileder@digivestland.demo'"));
  const beritId = Number(dbValue(srv.db, "SELECT id FROM users WHERE email = 'admin@bergen.demo'"));
  const page = await vera.get(`/o/${DV}/programmes/${P}`);
  assert.match(page.text, /Adviser team/);
  assert.match(page.text, /Vera Veileder/);
  const before = dbSnapshot(srv.db, ['programme_advisers']);
  // Bergen's administrator is only a reader in Digi Vestland: refused.
  const add = await vera.post(`/o/${DV}/programmes/${P}/advisers`, { _csrf: vera.csrf, user: beritId, action: 'add' });
  assert.equal(add.status, 409);
  // The last member cannot be removed.
  const rm = await vera.post(`/o/${DV}/programmes/${P}/advisers`, { _csrf: vera.csrf, user: veraId, action: 'remove' });
  assert.equal(rm.status, 409);
  assert.equal((await vera.post(`/o/${DV}/programmes/${P}/advisers`, { _csrf: vera.csrf, user: veraId, action: 'drop' })).status, 400);
  assert.deepEqual(dbSnapshot(srv.db, ['programme_advisers']), before);
  // A second regional adviser joins the network and the team: then the
  // first can leave, and with her the consented access ends at once.
  dbExec(srv.db, `INSERT INTO memberships (user_id, org_id, role, created_at) VALUES (${beritId}, ${DV}, 'regional_adviser', 1) RETURNING id`);
  assert.equal((await vera.post(`/o/${DV}/programmes/${P}/advisers`, { _csrf: vera.csrf, user: beritId, action: 'add' })).status, 303);
  assert.equal((await vera.get(`/o/${B}/maturity`)).status, 200);
  assert.equal((await vera.post(`/o/${DV}/programmes/${P}/advisers`, { _csrf: vera.csrf, user: veraId, action: 'remove' })).status, 303);
  assert.equal((await vera.get(`/o/${B}/maturity`)).status, 403, 'access ends with team membership');
  assert.equal(count(`SELECT COUNT(*) FROM programme_advisers WHERE programme_id = ${P}`), 1);
});
