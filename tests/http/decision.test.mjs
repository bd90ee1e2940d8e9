// Tool decisions (/o/:org/decisions, /o/:org/decisions/:tool) over HTTP
// against the real binary, and the decision on the public page.
//
// What must hold: every Bergen role reads the decisions; only the
// administrator and the adviser record one; bad values (an unknown status,
// conditions missing for "approved with conditions", a reason missing for
// "not approved", exit steps with "approved", a field sent twice, a link to
// another organisation's assessment or to one of the wrong kind) give 400
// with a message at the field and change nothing; a saved decision is
// audited with before/after; "ready for Feide activation" appears exactly
// when an approved ROS and an approved DBA cover the tool and the tool is
// not rejected; the exit checklist shows for "not approved"; the public
// page shows the decision and its conditions; nothing of Nordre Follo leaks.
//
// Assessments are put into the database directly (approved with version 1,
// or needing review): the workflow that produces them has its own tests,
// and these states are what the decision rules read.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, Client, csrfOf, loggedIn, dbQuery, dbValue, dbExec, dbSnapshot, orgIdOf,
} from './lib.mjs';

const ROLES = ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'];
const WRITERS = ['org_admin', 'adviser'];
const BERGEN = {
  org_admin: 'admin@bergen.demo',
  adviser: 'radgiver@bergen.demo',
  school_leader: 'rektor@bergen.demo',
  dpo: 'pvo@bergen.demo',
  reader: 'leser@bergen.demo',
};
const TABLES = ['tool_decisions', 'audit', 'audit_heads'];

let srv;
let B;
let NF;
const c = {};
const tool = {}; // name -> id

before(async () => {
  srv = await startServer();
  B = orgIdOf(srv.db, 'municipality', '4601');
  NF = orgIdOf(srv.db, 'municipality', '3207');
  for (const [id, name] of dbQuery(srv.db, 'SELECT id, name FROM tools')) tool[name] = Number(id);
  for (const role of ROLES) {
    const client = await loggedIn(srv.base, BERGEN[role], undefined, { lang: 'en' });
    c[role] = { client, csrf: await csrfOf(client) };
  }
  // The demo may bring decisions; these tests start from none for the
  // tools they use.
  dbExec(srv.db, `DELETE FROM tool_decisions WHERE org_id = ${B} AND tool_id IN (${tool.Padlet}, ${tool['Kahoot!']}, ${tool.Showbie})`);
});

after(async () => {
  await srv?.stop();
});

const snap = () => dbSnapshot(srv.db, TABLES);
const url = (t, org = B) => `/o/${org}/decisions/${t}`;

// An assessment put straight into the database, covering tools.
let seq = 0;
function assessment(org, kind, status, version, tools, title) {
  seq += 1;
  const now = 1700000000 + seq;
  const id = Number(dbValue(srv.db, `INSERT INTO assessments (org_id, kind, title, template_urn, template_version, status, version, created_at, updated_at)
    VALUES (${org}, '${kind}', '${title || `${kind} ${seq}`}', 'urn:test:${kind}', 1, '${status}', ${version}, ${now}, ${now}) RETURNING id`));
  for (const t of tools) dbExec(srv.db, `INSERT INTO assessment_tools (assessment_id, tool_id) VALUES (${id}, ${t})`);
  return id;
}

function fieldMessage(html, id) {
  const m = new RegExp(`<div class="ds-validation-message"[^>]*id="e-${id}">([^<]*)</div>`).exec(html);
  return m ? m[1] : null;
}

async function save(role, t, body) {
  return c[role].client.post(url(t), { _csrf: c[role].csrf, ...body });
}

// ---- reading ----

test('every Bergen role reads the list; it holds Bergen\'s tools and nothing of Nordre Follo', async () => {
  for (const role of ROLES) {
    const r = await c[role].client.get(`/o/${B}/decisions`);
    assert.equal(r.status, 200, role);
    assert.match(r.text, /<caption>Decisions per tool<\/caption>/);
    for (const name of ['Padlet', 'Kahoot!', 'Showbie', 'Vigilo']) assert.ok(r.text.includes(`>${name}</a>`), `${role}: ${name}`);
    // Kikora and Mentimeter are only in Nordre Follo's inventory.
    assert.ok(!r.text.includes('Kikora') && !r.text.includes('Mentimeter'), `${role}: another organisation's tool`);
  }
});

test('the tool page: every role reads it, only administrators and advisers get the form', async () => {
  for (const role of ROLES) {
    const r = await c[role].client.get(url(tool.Padlet));
    assert.equal(r.status, 200, role);
    assert.match(r.text, /<h1[^>]*>Padlet<\/h1>/);
    assert.equal(r.text.includes(`action="${url(tool.Padlet)}"`), WRITERS.includes(role), `${role}: form`);
  }
});

test('tools outside the inventory, unknown ids and malformed ids are 404', async () => {
  for (const p of [url(tool.Kikora), url(999999), `/o/${B}/decisions/abc`, `/o/${B}/decisions/0`, `/o/${B}/decisions/-1`]) {
    const r = await c.org_admin.client.get(p);
    assert.equal(r.status, 404, p);
    assert.ok(!r.text.includes('Kikora'), p);
  }
  const before = snap();
  const r = await save('org_admin', tool.Kikora, { status: 'approved' });
  assert.equal(r.status, 404);
  assert.deepEqual(snap(), before);
});

test('another organisation\'s decisions are out of reach (403) and unchanged', async () => {
  const before = snap();
  for (const role of ROLES) {
    assert.equal((await c[role].client.get(`/o/${NF}/decisions`)).status, 403, role);
    assert.equal((await c[role].client.get(url(tool.Kikora, NF))).status, 403, role);
    const r = await c[role].client.post(url(tool.Kikora, NF), { _csrf: c[role].csrf, status: 'approved' });
    assert.equal(r.status, 403, role);
  }
  assert.deepEqual(snap(), before);
});

// ---- writing ----

test('school leaders, the DPO and readers cannot record a decision (403, nothing changed)', async () => {
  const before = snap();
  for (const role of ['school_leader', 'dpo', 'reader']) {
    const r = await save(role, tool.Padlet, { status: 'approved' });
    assert.equal(r.status, 403, role);
  }
  assert.deepEqual(snap(), before);
});

test('the adviser records a decision with conditions; it is shown and audited', async () => {
  const r = await save('adviser', tool.Padlet, {
    status: 'approved_conditions', conditions: 'Bare med skolekontoer, ikke åpne vegger', usage_rules: 'Ingen fulle navn på oppslag', reason: 'ROS viser lav risiko',
  });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(r.location, `${url(tool.Padlet)}?saved=1`);
  const [row] = dbQuery(srv.db, `SELECT status, conditions, usage_rules, reason, decided_by FROM tool_decisions WHERE org_id = ${B} AND tool_id = ${tool.Padlet}`);
  assert.deepEqual(row.slice(0, 4), ['approved_conditions', 'Bare med skolekontoer, ikke åpne vegger', 'Ingen fulle navn på oppslag', 'ROS viser lav risiko']);
  assert.equal(Number(row[4]), Number(dbValue(srv.db, "SELECT id FROM users WHERE email = 'radgiver@bergen.demo'")));
  const page = await c.reader.client.get(r.location);
  assert.match(page.text, /The decision is saved\./);
  assert.match(page.text, /Approved with conditions/);
  assert.match(page.text, /Bare med skolekontoer, ikke åpne vegger/);
  const name = dbValue(srv.db, "SELECT name FROM users WHERE email = 'radgiver@bergen.demo'");
  assert.ok(page.text.includes(name), 'who decided');
  const audit = dbQuery(srv.db, `SELECT action, detail FROM audit WHERE org_id = ${B} AND object_type = 'tool_decision' AND object_id = ${tool.Padlet} ORDER BY id`);
  assert.equal(audit.length, 1);
  assert.equal(audit[0][0], 'decision.create');
  const detail = JSON.parse(audit[0][1]);
  assert.equal(detail.before, null);
  assert.equal(detail.after.status, 'approved_conditions');
  // A change is audited with what it was before.
  const again = await save('org_admin', tool.Padlet, { status: 'approved', usage_rules: 'Ingen fulle navn på oppslag' });
  assert.equal(again.status, 303);
  const upd = dbQuery(srv.db, `SELECT detail FROM audit WHERE org_id = ${B} AND action = 'decision.update' AND object_id = ${tool.Padlet}`);
  assert.equal(upd.length, 1);
  const d2 = JSON.parse(upd[0][0]);
  assert.equal(d2.before.status, 'approved_conditions');
  assert.equal(d2.after.status, 'approved');
  assert.equal(d2.after.conditions, '');
  assert.equal(Number(dbValue(srv.db, `SELECT COUNT(*) FROM tool_decisions WHERE org_id = ${B} AND tool_id = ${tool.Padlet}`)), 1, 'one current row');
});

test('bad values give 400 with a message at the field and change nothing', async () => {
  const ros = assessment(B, 'ros', 'draft', 0, [tool.Showbie], 'ROS Showbie');
  const nfRos = assessment(NF, 'ros', 'approved', 1, [tool.Showbie], 'NF ROS Showbie');
  const dpiaOther = assessment(B, 'dpia', 'draft', 0, [tool.Vigilo], 'DPIA Vigilo');
  const cases = [
    [{ status: 'godkjent' }, 'status'],
    [{}, 'status'],
    [{ status: 'approved_conditions' }, 'conditions'],
    [{ status: 'not_approved' }, 'reason'],
    [{ status: 'phasing_out', conditions: 'x' }, 'reason'],
    [{ status: 'approved', exit_inform: 'on' }, 'exit_inform'],
    [{ status: 'approved', exit_vendor: 'maybe' }, 'exit_inform'],
    [{ status: 'approved', usage_rules: 'x'.repeat(4001) }, 'usage_rules'],
    [{ status: 'approved', ros: 'abc' }, 'ros'],
    [{ status: 'approved', ros: String(nfRos) }, 'ros'],        // another organisation's
    [{ status: 'approved', dpia: String(ros) }, 'dpia'],        // a ROS is not a DPIA
    [{ status: 'approved', dpia: String(dpiaOther) }, 'dpia'],  // does not cover Showbie
    [{ status: 'approved', dba: '99999999' }, 'dba'],
  ];
  const before = snap();
  for (const [body, field] of cases) {
    const r = await save('org_admin', tool.Showbie, body);
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.status}`);
    assert.ok(fieldMessage(r.text, field), `${JSON.stringify(body).slice(0, 80)}: message at ${field}`);
    assert.match(r.text, /ds-error-summary/);
    assert.ok(!r.text.includes('NF ROS Showbie'), 'another organisation\'s assessment is not offered');
  }
  // A field sent twice.
  const twice = await c.org_admin.client.post(url(tool.Showbie),
    `_csrf=${encodeURIComponent(c.org_admin.csrf)}&status=approved&status=not_approved`);
  assert.equal(twice.status, 400);
  assert.ok(fieldMessage(twice.text, 'status'));
  assert.deepEqual(snap(), before);
  // The same link that was refused for the DPIA is accepted as the ROS.
  const ok = await save('org_admin', tool.Showbie, { status: 'under_review', ros: String(ros) });
  assert.equal(ok.status, 303);
  assert.equal(Number(dbValue(srv.db, `SELECT ros_id FROM tool_decisions WHERE org_id = ${B} AND tool_id = ${tool.Showbie}`)), ros);
});

// ---- Feide readiness and exit ----

function feideCell(html, name) {
  const re = new RegExp(`<tr><th scope="row"><a[^>]*>${name.replace(/[!]/g, '\\$&')}</a></th>(.*?)</tr>`);
  const m = re.exec(html);
  assert.ok(m, `row ${name}`);
  const cells = [...m[1].matchAll(/<td>(.*?)<\/td>/g)].map((x) => x[1]);
  return cells[cells.length - 1];
}

test('ready for Feide activation exactly when an approved ROS and DBA cover the tool and it is not rejected', async () => {
  const T = tool['Kahoot!'];
  const list = async () => feideCell((await c.reader.client.get(`/o/${B}/decisions`)).text, 'Kahoot!');
  assert.match(await list(), /Not ready/, 'nothing yet');
  const ros = assessment(B, 'ros', 'approved', 1, [T], 'ROS Kahoot');
  assert.match(await list(), /Not ready/, 'ROS only');
  const page = await c.reader.client.get(url(T));
  assert.match(page.text, /an approved data processing agreement is missing/);
  // A DBA that was approved once but now needs review does not count.
  const dba = assessment(B, 'dba', 'needs_review', 1, [T], 'DBA Kahoot');
  assert.match(await list(), /Not ready/, 'DBA needs review');
  // Another organisation's approved DBA for the same tool does not count.
  assessment(NF, 'dba', 'approved', 1, [T], 'NF DBA Kahoot');
  assert.match(await list(), /Not ready/, 'NF DBA');
  dbExec(srv.db, `UPDATE assessments SET status = 'approved' WHERE id = ${dba}`);
  assert.match(await list(), /Ready for Feide activation/, 'ROS and DBA approved');
  // A revision in progress keeps the approved version in force.
  dbExec(srv.db, `UPDATE assessments SET status = 'draft' WHERE id = ${ros}`);
  assert.match(await list(), /Ready for Feide activation/, 'revision of an approved ROS');
  const detail = await c.reader.client.get(url(T));
  assert.match(detail.text, /Ready for Feide activation: the risk assessment/);
  assert.ok(detail.text.includes(`href="/o/${B}/assessments/${ros}"`), 'link to the ROS');
  assert.ok(!detail.text.includes('NF DBA Kahoot'));
  // Not approved: no Feide, and the exit checklist.
  const r = await save('adviser', T, { status: 'not_approved', reason: 'Reklame til elever', exit_inform: 'on', exit_vendor: 'on' });
  assert.equal(r.status, 303);
  assert.equal(Number(dbValue(srv.db, `SELECT exit_steps FROM tool_decisions WHERE org_id = ${B} AND tool_id = ${T}`)), 1 | 8);
  assert.match(await list(), /Not ready/, 'not approved');
  const exit = (await c.reader.client.get(url(T))).text;
  assert.match(exit, /<h2[^>]*>Exit checklist<\/h2>/);
  assert.match(exit, /Inform pupils, parents and teachers: <span[^>]*>Done<\/span>/);
  assert.match(exit, /Deactivate the accounts and the Feide access: <span[^>]*>Not done<\/span>/);
  assert.match(exit, /Ask the vendor in writing to delete the data, and get confirmation: <span[^>]*>Done<\/span>/);
  // Approved tools have no exit checklist.
  const padlet = (await c.reader.client.get(url(tool.Padlet))).text;
  assert.ok(!padlet.includes('Exit checklist</h2>'));
});

// ---- the public page ----

test('the public page shows the decision and its conditions, without login', async () => {
  // Showbie at Slettebakken is a public demo row.
  const r = await save('org_admin', tool.Showbie, { status: 'approved_conditions', conditions: 'Kun for 5.–7. trinn' });
  assert.equal(r.status, 303);
  const anon = new Client(srv.base);
  const pub = await anon.get('/public/4601');
  assert.equal(pub.status, 200);
  const row = /<tr><th scope="row">Showbie<\/th>(.*?)<\/tr>/.exec(pub.text);
  assert.ok(row, 'Showbie row');
  // nb is the default language: the label is translated or the msgid.
  assert.match(row[1], /(Approved with conditions|Godkjent med vilkår): Kun for 5\.–7\. trinn/);
  // A public row without a decision says so.
  dbExec(srv.db, `DELETE FROM tool_decisions WHERE org_id = ${B} AND tool_id = ${tool.Vigilo}`);
  const vig = /<tr><th scope="row">Vigilo<\/th>(.*?)<\/tr>/.exec((await anon.get('/public/4601')).text);
  assert.ok(vig, 'Vigilo row');
  assert.match(vig[1], /No decision yet|Ingen beslutning ennå/);
  // Nordre Follo's page does not show Bergen's decision.
  const nf = await anon.get('/public/3207');
  assert.ok(!nf.text.includes('Kun for 5.–7. trinn'));
});
