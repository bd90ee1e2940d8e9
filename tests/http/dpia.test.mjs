// The DPIA screens over HTTP against the real binary: level, parent and
// review date (/dpia/level), the DPO's advice (/dpia/advice), conclusions
// per service (/dpia/conclusions), and the DPIA block of the assessment view.
//
// What must hold: only the DPO writes the advice (everyone else 403, nothing
// changed), and only while the DPIA is a draft or waits for advice (409
// after); only administrators and advisers set levels and conclusions, on a
// draft only; a lower level inherits only from a higher one of the same
// organisation (never itself, a ROS, another organisation's DPIA); bad
// values (an unknown level, 30 February, a result outside the list,
// conditions missing for "acceptable with conditions", a uid that is not a
// conclusion) give 400 at the field and change nothing; the view shows the
// level, the parent's answers read-only beside this DPIA's own, the
// conclusions per service, the count of local fields still empty (recomputed
// here from the database), the Art. 36 flag and the screening.
//
// The demo gives Bergen an overarching DPIA and a Google Workspace platform
// DPIA inheriting from it; other states are set in the database directly.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, csrfOf, loggedIn, dbQuery, dbValue, dbExec, dbSnapshot, orgIdOf,
} from './lib.mjs';

const ROLES = ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'];
const BERGEN = {
  org_admin: 'admin@bergen.demo',
  adviser: 'radgiver@bergen.demo',
  school_leader: 'rektor@bergen.demo',
  dpo: 'pvo@bergen.demo',
  reader: 'leser@bergen.demo',
};
const TABLES = ['assessments', 'assessment_items', 'assessment_tools', 'audit', 'audit_heads'];

let srv;
let B;
let NF;
let over; // Bergen's overarching DPIA
let google; // Bergen's Google Workspace DPIA (platform, inherits from over)
let ros; // a Bergen ROS
let nfDpia; // a DPIA of Nordre Follo
const c = {};

function insertAssessment(org, kind, title, level = null) {
  const now = 1700000000;
  return Number(dbValue(srv.db, `INSERT INTO assessments (org_id, kind, title, template_urn, template_version, level, status, version, created_at, updated_at)
    VALUES (${org}, '${kind}', '${title}', 'urn:skolesec:template:${kind}:test', 1, ${level ? `'${level}'` : 'NULL'}, 'draft', 0, ${now}, ${now}) RETURNING id`));
}

before(async () => {
  srv = await startServer();
  B = orgIdOf(srv.db, 'municipality', '4601');
  NF = orgIdOf(srv.db, 'municipality', '3207');
  over = Number(dbValue(srv.db, `SELECT id FROM assessments WHERE org_id = ${B} AND kind = 'dpia' AND level = 'overarching'`));
  google = Number(dbValue(srv.db, `SELECT id FROM assessments WHERE org_id = ${B} AND kind = 'dpia' AND level = 'platform'`));
  ros = insertAssessment(B, 'ros', 'ROS for DPIA-test');
  nfDpia = insertAssessment(NF, 'dpia', 'NF DPIA hemmelig', 'overarching');
  for (const role of ROLES) {
    const client = await loggedIn(srv.base, BERGEN[role], undefined, { lang: 'en' });
    c[role] = { client, csrf: await csrfOf(client) };
  }
});

after(async () => {
  await srv?.stop();
});

const snap = () => dbSnapshot(srv.db, TABLES);
const post = (role, id, what, body, org = B) =>
  c[role].client.post(`/o/${org}/assessments/${id}/dpia/${what}`, { _csrf: c[role].csrf, ...body });
const item = (id, uid) => JSON.parse(dbValue(srv.db, `SELECT data FROM assessment_items WHERE assessment_id = ${id} AND uid = '${uid}'`));
const head = (id) => dbQuery(srv.db, `SELECT COALESCE(level, ''), COALESCE(parent_id, 0), COALESCE(review_date, '') FROM assessments WHERE id = ${id}`)[0];
const setStatus = (id, status) => dbExec(srv.db, `UPDATE assessments SET status = '${status}' WHERE id = ${id}`);

function fieldMessage(html, id) {
  const m = new RegExp(`<div class="ds-validation-message"[^>]*id="e-${id}">([^<]*)</div>`).exec(html);
  return m ? m[1] : null;
}

test('the demo DPIAs are there: overarching, and a platform DPIA inheriting from it', () => {
  assert.ok(over > 0 && google > 0);
  assert.deepEqual(head(google).slice(0, 2), ['platform', String(over)]);
});

// ---- level, parent, review date ----

test('an adviser sets level, parent and review date; the change is audited', async () => {
  const r = await post('adviser', google, 'level', { level: 'app', parent: String(over), review_date: '2027-06-30' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(r.location, `/o/${B}/assessments/${google}#dpia`);
  assert.deepEqual(head(google), ['app', String(over), '2027-06-30']);
  const a = dbQuery(srv.db, `SELECT detail FROM audit WHERE org_id = ${B} AND action = 'assessment.update' AND object_id = ${google} ORDER BY id DESC LIMIT 1`);
  assert.equal(a.length, 1);
  assert.match(a[0][0], /2027-06-30/);
  const back = await post('org_admin', google, 'level', { level: 'platform', parent: String(over), review_date: '' });
  assert.equal(back.status, 303);
  assert.deepEqual(head(google), ['platform', String(over), '']);
});

test('levels inherit only from a higher level of the same organisation (400, nothing changed)', async () => {
  const cases = [
    [over, { level: 'overarching', parent: String(google) }, 'parent'], // the top has no parent
    [over, { level: 'platform', parent: String(google) }, 'parent'],    // same level: could loop
    [google, { level: 'platform', parent: String(google) }, 'parent'],  // itself
    [google, { level: 'app', parent: String(ros) }, 'parent'],          // a ROS
    [google, { level: 'app', parent: String(nfDpia) }, 'parent'],       // another organisation's
    [google, { level: 'app', parent: '99999999' }, 'parent'],
    [google, { level: 'app', parent: 'abc' }, 'parent'],
    [google, { level: 'universe' }, 'level'],
    [google, { level: 'platform', parent: String(over), review_date: '2027-02-30' }, 'review_date'],
    [google, { level: 'platform', parent: String(over), review_date: '30.06.2027' }, 'review_date'],
  ];
  const before = snap();
  for (const [id, body, field] of cases) {
    const r = await post('adviser', id, 'level', body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.status}`);
    assert.ok(fieldMessage(r.text, field), `${JSON.stringify(body)}: message at ${field}\n${r.text.slice(0, 300)}`);
    assert.ok(!r.text.includes('NF DPIA hemmelig'), 'another organisation\'s DPIA is not offered');
  }
  assert.deepEqual(snap(), before);
});

test('levels: only administrators and advisers, only on a draft, only DPIAs of the organisation', async () => {
  const before = snap();
  for (const role of ['school_leader', 'dpo', 'reader']) {
    const r = await post(role, google, 'level', { level: 'platform', parent: String(over) });
    assert.equal(r.status, 403, role);
  }
  // A ROS has no DPIA level; another organisation's DPIA is not found.
  assert.equal((await post('adviser', ros, 'level', { level: 'app' })).status, 404);
  assert.equal((await post('adviser', nfDpia, 'level', { level: 'app' })).status, 404);
  assert.equal((await post('adviser', nfDpia, 'level', { level: 'app' }, NF)).status, 403);
  setStatus(google, 'approval');
  const r = await post('adviser', google, 'level', { level: 'app', parent: String(over) });
  assert.equal(r.status, 409);
  setStatus(google, 'draft');
  assert.deepEqual(snap(), before);
});

// ---- the DPO's advice ----

test('only the DPO writes the advice; everyone else is refused and nothing changes', async () => {
  const before = snap();
  for (const role of ['org_admin', 'adviser', 'school_leader', 'reader']) {
    const r = await post(role, google, 'advice', { text: `Råd fra ${role}` });
    assert.equal(r.status, 403, role);
  }
  assert.deepEqual(snap(), before);
  const r = await post('dpo', google, 'advice', { text: 'Kjernetjenestene kan tas i bruk.\nYouTube skal ikke brukes av elever.' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(item(google, 'dpo.advice').text, 'Kjernetjenestene kan tas i bruk.\nYouTube skal ikke brukes av elever.');
});

test('the advice: empty is refused, and it is frozen once the DPIA is past the DPO', async () => {
  const before = snap();
  const empty = await post('dpo', google, 'advice', { text: '' });
  assert.equal(empty.status, 400);
  assert.ok(fieldMessage(empty.text, 'text'));
  // In the DPO's step the advice may still be written.
  setStatus(google, 'dpo_advice');
  const ok = await post('dpo', google, 'advice', { text: 'Oppdatert råd' });
  assert.equal(ok.status, 303);
  assert.equal(item(google, 'dpo.advice').text, 'Oppdatert råd');
  for (const status of ['approval', 'approved']) {
    setStatus(google, status);
    const after = snap();
    const r = await post('dpo', google, 'advice', { text: `Etter ${status}` });
    assert.equal(r.status, 409, status);
    assert.deepEqual(snap(), after, status);
  }
  setStatus(google, 'draft');
  assert.equal(item(google, 'dpo.advice').text, 'Oppdatert råd');
  assert.notDeepEqual(snap().assessment_items, before.assessment_items);
});

// ---- conclusions per service ----

test('conclusions per service: add, change the template\'s own, refuse bad values', async () => {
  const n0 = Number(dbValue(srv.db, `SELECT COUNT(*) FROM assessment_items WHERE assessment_id = ${google} AND kind = 'conclusion'`));
  const add = await post('adviser', google, 'conclusions', { service: 'Google Meet', result: 'conditions', conditions: 'Bare for lærere' });
  assert.equal(add.status, 303, add.text.slice(0, 400));
  const rows = dbQuery(srv.db, `SELECT uid, data FROM assessment_items WHERE assessment_id = ${google} AND kind = 'conclusion' ORDER BY id`);
  assert.equal(rows.length, n0 + 1);
  const added = rows[rows.length - 1];
  assert.match(added[0], /^conclusion-[0-9a-f]{16}$/);
  assert.deepEqual(JSON.parse(added[1]), { service: 'Google Meet', result: 'conditions', conditions: 'Bare for lærere' });
  const upd = await post('org_admin', google, 'conclusions', { uid: 'conclusion.core', service: 'Kjernetjenester', result: 'acceptable' });
  assert.equal(upd.status, 303);
  assert.equal(item(google, 'conclusion.core').service, 'Kjernetjenester');

  const before = snap();
  const cases = [
    [{ service: 'X', result: 'maybe' }, 'result'],
    [{ service: 'X' }, 'result'],
    [{ result: 'acceptable' }, 'service'],
    [{ service: 'X', result: 'conditions' }, 'conditions'],
    [{ service: 'X'.repeat(201), result: 'acceptable' }, 'service'],
    [{ uid: 'dpo.advice', service: 'X', result: 'acceptable' }, 'uid'],           // not a conclusion
    [{ uid: 'description.purposes', service: 'X', result: 'acceptable' }, 'uid'],
    [{ uid: 'conclusion-0000000000000000', service: 'X', result: 'acceptable' }, 'uid'],
  ];
  for (const [body, field] of cases) {
    const r = await post('adviser', google, 'conclusions', body);
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.status}`);
    assert.ok(fieldMessage(r.text, field), `${JSON.stringify(body).slice(0, 80)}: message at ${field}`);
  }
  for (const role of ['school_leader', 'dpo', 'reader']) {
    assert.equal((await post(role, google, 'conclusions', { service: 'X', result: 'acceptable' })).status, 403, role);
  }
  setStatus(google, 'approved');
  assert.equal((await post('adviser', google, 'conclusions', { service: 'X', result: 'acceptable' })).status, 409);
  setStatus(google, 'draft');
  assert.deepEqual(snap(), before);
});

// ---- the block in the assessment view ----

function localOpen(id) {
  return dbQuery(srv.db, `SELECT kind, data FROM assessment_items WHERE assessment_id = ${id} AND local = 1 AND kind IN ('field', 'dpo_advice')`)
    .reduce((acc, [kind, data]) => {
      const d = JSON.parse(data);
      acc.total += 1;
      if ((kind === 'field' ? d.value : d.text) === '') acc.open += 1;
      return acc;
    }, { total: 0, open: 0 });
}

function rowCell(html, label) {
  const m = new RegExp(`<tr><th scope="row">${label}</th><td>(.*?)</td>`).exec(html);
  return m ? m[1] : null;
}

test('the view shows level, parent, local fields still empty and conclusions per service', async () => {
  const r = await c.reader.client.get(`/o/${B}/assessments/${google}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<section class="stack" id="dpia" aria-labelledby="dpia-h">/);
  assert.equal(rowCell(r.text, 'Level'), 'Platform (universe)');
  assert.match(rowCell(r.text, 'Inherits from'), new RegExp(`href="/o/${B}/assessments/${over}"`));
  const lo = localOpen(google);
  assert.ok(lo.total >= 5 && lo.open >= 1, JSON.stringify(lo));
  assert.equal(rowCell(r.text, 'Local fields still empty'), `${lo.open} of ${lo.total}`);
  assert.match(r.text, /<caption>Conclusion per service or feature<\/caption>/);
  assert.match(r.text, /<tr><th scope="row">YouTube og Søk<\/th><td>Not acceptable<\/td>/);
  assert.match(r.text, /<tr><th scope="row">Google Meet<\/th><td>Acceptable with conditions<\/td><td>Bare for lærere<\/td>/);
  assert.equal(rowCell(r.text, 'Prior consultation with Datatilsynet \\(Art\\. 36\\)'), 'No');
  // Readers get no forms of the block.
  assert.ok(!r.text.includes('/dpia/level"') && !r.text.includes('/dpia/advice"') && !r.text.includes('/dpia/conclusions"'));
});

test('the parent\'s answers are shown read-only beside this DPIA\'s own', async () => {
  const purpose = item(over, 'description.purposes').value;
  assert.ok(purpose.length > 0, 'the demo fills the overarching purposes');
  const r = await c.adviser.client.get(`/o/${B}/assessments/${google}`);
  assert.match(r.text, /<caption>This DPIA beside the one it inherits from<\/caption>/);
  const row = /<tr><th scope="row">Purposes<\/th><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/.exec(r.text);
  assert.ok(row, 'purposes row');
  assert.match(row[1], /Not answered/);
  assert.equal(row[2], purpose.replace(/&/g, '&amp;'));
  // The overarching DPIA inherits nothing, so has no such table.
  const top = await c.adviser.client.get(`/o/${B}/assessments/${over}`);
  assert.equal(top.status, 200);
  assert.ok(!top.text.includes('This DPIA beside the one it inherits from'));
  // Forms for the adviser: level and conclusions, not the advice.
  assert.ok(r.text.includes(`action="/o/${B}/assessments/${google}/dpia/level"`));
  assert.ok(r.text.includes(`action="/o/${B}/assessments/${google}/dpia/conclusions"`));
  assert.ok(!r.text.includes(`action="/o/${B}/assessments/${google}/dpia/advice"`));
  const dpo = await c.dpo.client.get(`/o/${B}/assessments/${google}`);
  assert.ok(dpo.text.includes(`action="/o/${B}/assessments/${google}/dpia/advice"`));
  assert.match(dpo.text, /Oppdatert råd/);
});

test('the Art. 36 flag and the screening show in the view', async () => {
  const data = JSON.stringify({ value: 'yes' });
  dbExec(srv.db, `UPDATE assessment_items SET data = '${data}' WHERE assessment_id = ${google} AND uid = 'conclusion.art36'`);
  // Any of Bergen's demo screenings will do; the view names its tool.
  const [sidText, toolName] = dbQuery(srv.db, `SELECT s.id, t.name FROM screenings s JOIN inventory i ON i.id = s.inventory_id JOIN tools t ON t.id = i.tool_id WHERE s.org_id = ${B} ORDER BY s.id DESC LIMIT 1`)[0];
  const sid = Number(sidText);
  assert.ok(sid > 0, 'a demo screening in Bergen');
  dbExec(srv.db, `UPDATE assessments SET screening_id = ${sid} WHERE id = ${google}`);
  const r = await c.reader.client.get(`/o/${B}/assessments/${google}`);
  assert.match(r.text, /data-color="danger"[^>]*><p class="ds-paragraph">High residual risk remains/);
  assert.equal(rowCell(r.text, 'Prior consultation with Datatilsynet \\(Art\\. 36\\)'), 'Yes – required');
  assert.ok(r.text.includes(`Screening of ${toolName.replace(/&/g, '&amp;')}, `), 'the screening\'s tool');
  const needs = dbValue(srv.db, `SELECT needs_dpia FROM screenings WHERE id = ${sid}`) === '1';
  assert.match(r.text, needs ? /a DPIA is required\./ : /a DPIA is not required\./);
  dbExec(srv.db, `UPDATE assessment_items SET data = '{"value":"no"}' WHERE assessment_id = ${google} AND uid = 'conclusion.art36'`);
  const r2 = await c.reader.client.get(`/o/${B}/assessments/${google}`);
  assert.ok(!r2.text.includes('High residual risk remains'));
});
