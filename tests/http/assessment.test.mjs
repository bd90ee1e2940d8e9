// Assessments (issue 4, the core slice) over HTTP against the real binary:
// the list, creating a ROS, items (risks from the catalogue), the workflow,
// frozen versions and their comparison, comments and the risk matrix.
//
// What must hold: only the DPO writes the DPO's advice; only the org admin
// approves and accepts risk; an approved version cannot be changed by
// anyone (the database is compared before and after); each approval
// freezes a version that can be read and compared item by item; bad input
// gives 400 and changes nothing; readers read and change nothing; another
// organisation's assessment is 404 from inside an organisation and 403 when
// its organisation is in the URL. Pages are requested in English.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, csrfOf, loggedIn, dbValue, dbQuery, dbSnapshot, orgIdOf } from './lib.mjs';

const BERGEN = {
  org_admin: 'admin@bergen.demo',
  adviser: 'radgiver@bergen.demo',
  school_leader: 'rektor@bergen.demo',
  dpo: 'pvo@bergen.demo',
  reader: 'leser@bergen.demo',
};
const TABLES = ['assessments', 'assessment_items', 'assessment_versions', 'assessment_steps',
  'assessment_comments', 'risk_matrices', 'inventory'];

let srv;
let B;
let NF;
let TOOL;
const c = {};
let follo;

before(async () => {
  srv = await startServer();
  B = orgIdOf(srv.db, 'municipality', '4601');
  NF = orgIdOf(srv.db, 'municipality', '3207');
  TOOL = Number(dbValue(srv.db, `SELECT MIN(tool_id) FROM inventory WHERE org_id = ${B}`));
  for (const role of Object.keys(BERGEN)) {
    const client = await loggedIn(srv.base, BERGEN[role], undefined, { lang: 'en' });
    c[role] = { client, csrf: await csrfOf(client) };
  }
  const fc = await loggedIn(srv.base, 'admin@nordrefollo.demo', undefined, { lang: 'en' });
  follo = { client: fc, csrf: await csrfOf(fc) };
});

after(async () => {
  await srv?.stop();
});

const post = (role, path, data) => c[role].client.post(path, { ...data, _csrf: c[role].csrf });
const get = (role, path) => c[role].client.get(path);
const snap = () => dbSnapshot(srv.db, TABLES);

async function create(role, kind, title, tools = [TOOL]) {
  const r = await post(role, `/o/${B}/assessments/new`, { kind, title, tool: tools });
  assert.equal(r.status, 303, `create ${kind} as ${role}: ${r.status}\n${r.text.slice(0, 600)}`);
  const m = new RegExp(`^/o/${B}/assessments/(\\d+)$`).exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

async function step(role, id, to, expect, comment = '') {
  const r = await post(role, `/o/${B}/assessments/${id}/steps`, { to, comment });
  assert.equal(r.status, expect, `${role} ${to}: ${r.status}\n${r.text.slice(0, 600)}`);
  return r;
}

const uidOf = (id, kind) => dbValue(srv.db, `SELECT uid FROM assessment_items WHERE assessment_id = ${id} AND kind = '${kind}' ORDER BY position LIMIT 1`);
const status = (id) => dbValue(srv.db, `SELECT status FROM assessments WHERE id = ${id}`);

async function addRisk(id, event) {
  const r = await post('adviser', `/o/${B}/assessments/${id}/items`, { kind: 'risk', section: 'risks', event });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  const m = new RegExp(`/items/(risk-[0-9a-f]{16})$`).exec(r.location);
  assert.ok(m, r.location);
  return m[1];
}

const risk = (over = {}) => ({
  title: 'Delte lenker', description: 'd', property_c: 'on', pupil_consequence: '', causes: '',
  controls: '', likelihood: '3', consequence: '4', measures: 'Opplæring', res_likelihood: '1',
  res_consequence: '4', owner: 'IKT', ...over,
});

test('every Bergen role reads the list; Nordre Follo is refused; creating needs the edit role', async () => {
  for (const role of Object.keys(BERGEN)) {
    const r = await get(role, `/o/${B}/assessments`);
    assert.equal(r.status, 200, `${role}: ${r.status}`);
    assert.match(r.text, /<h1[^>]*>Assessments<\/h1>/);
  }
  assert.equal((await follo.client.get(`/o/${B}/assessments`)).status, 403);
  for (const role of ['reader', 'dpo', 'school_leader']) {
    const before0 = snap();
    const r = await post(role, `/o/${B}/assessments/new`, { kind: 'ros', title: 'x', tool: [TOOL] });
    assert.equal(r.status, 403, `${role} create`);
    assert.deepEqual(snap(), before0);
  }
  assert.equal((await get('adviser', `/o/${B}/assessments/new?kind=ros&tool=${TOOL}`)).status, 200);
});

test('bad input on create gives 400 at the field and creates nothing', async () => {
  const before0 = snap();
  for (const [data, re] of [
    [{ kind: 'ros', title: '' }, /This field is required/],
    [{ kind: 'risk', title: 'x' }, /Choose one of the options/],
    [{ kind: 'ros', title: 'x', tool: [999999] }, /A tool was not found in the catalogue/],
    [{ kind: 'ros', title: 'x'.repeat(201) }, /.+/],
    [{ kind: 'ros', title: 'x', tool: ['abc'] }, /.+/],
  ]) {
    const r = await post('adviser', `/o/${B}/assessments/new`, data);
    assert.equal(r.status, 400, `${JSON.stringify(data).slice(0, 80)}: ${r.status}`);
    assert.match(r.text, re);
  }
  assert.deepEqual(snap(), before0);
});

test('a ROS: risks from the catalogue, the register and the heatmap, escaped text', async () => {
  const id = await create('adviser', 'ros', 'ROS <script>alert(1)</script>');
  const uid = await addRisk(id, 'ros.event.shared-links');
  const item = await get('adviser', `/o/${B}/assessments/${id}/items/${uid}`);
  assert.equal(item.status, 200);
  assert.match(item.text, /Unauthorised access to pupil data through shared links|Uautorisert tilgang/);
  let r = await post('adviser', `/o/${B}/assessments/${id}/items/${uid}`, risk());
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.equal(dbValue(srv.db, `SELECT likelihood * consequence FROM assessment_items WHERE uid = '${uid}'`), '12');
  // Out of the matrix, twice sent, not a number: 400, nothing stored.
  const before0 = snap();
  for (const bad of [{ likelihood: '9' }, { likelihood: 'x' }, { owner: 'a'.repeat(501) }]) {
    r = await post('adviser', `/o/${B}/assessments/${id}/items/${uid}`, risk(bad));
    assert.equal(r.status, 400, JSON.stringify(bad));
  }
  r = await c.adviser.client.post(`/o/${B}/assessments/${id}/items/${uid}`,
    `_csrf=${encodeURIComponent(c.adviser.csrf)}&likelihood=1&likelihood=2`);
  assert.equal(r.status, 400);
  assert.deepEqual(snap(), before0);
  const view = await get('reader', `/o/${B}/assessments/${id}`);
  assert.equal(view.status, 200);
  assert.ok(!view.text.includes('<script>alert(1)'), 'title escaped');
  assert.match(view.text, /ROS &lt;script&gt;/);
  assert.match(view.text, /<svg[^>]*role="img"/);
  assert.match(view.text, /3 x 4 = 12 measures needed/);
  assert.match(view.text, /1 x 4 = 4 acceptable/);
  // Readers see no forms to change anything, and cannot post.
  assert.ok(!view.text.includes('/steps"'), 'reader sees no workflow buttons');
  r = await post('reader', `/o/${B}/assessments/${id}/items/${uid}`, risk({ likelihood: '1' }));
  assert.equal(r.status, 403);
  r = await post('reader', `/o/${B}/assessments/${id}/items`, { kind: 'risk', title: 'x' });
  assert.equal(r.status, 403);
  // Template items cannot be deleted; added ones can.
  r = await post('adviser', `/o/${B}/assessments/${id}/items/scope.date/delete`, {});
  assert.equal(r.status, 409);
  const extra = await addRisk(id, 'ros.event.exam-outage');
  r = await post('adviser', `/o/${B}/assessments/${id}/items/${extra}/delete`, {});
  assert.equal(r.status, 303);
  assert.equal(dbQuery(srv.db, `SELECT 1 FROM assessment_items WHERE uid = '${extra}'`).length, 0);
});

test('workflow: only the DPO sends on, only the org admin accepts risk and approves; approved is frozen', async () => {
  const id = await create('adviser', 'ros', 'ROS workflow');
  const uid = await addRisk(id, 'ros.event.teacher-takeover');
  assert.equal((await post('adviser', `/o/${B}/assessments/${id}/items/${uid}`, risk({ title: 'Konto' }))).status, 303);
  await step('adviser', id, 'approved', 409);	// not a move from draft
  await step('reader', id, 'dpo_advice', 403);
  await step('adviser', id, 'dpo_advice', 303, 'Klar for råd');
  // In the workflow, the adviser cannot change items.
  assert.equal((await post('adviser', `/o/${B}/assessments/${id}/items/${uid}`, risk({ likelihood: '1' }))).status, 409);
  await step('adviser', id, 'approval', 403);
  await step('org_admin', id, 'approval', 403);
  await step('dpo', id, 'approval', 303);
  const acc = 'conclusion.acceptance';
  assert.equal((await post('adviser', `/o/${B}/assessments/${id}/items/${acc}`, { decision: 'accepted', comment: '' })).status, 403);
  assert.equal((await post('dpo', `/o/${B}/assessments/${id}/items/${acc}`, { decision: 'accepted', comment: '' })).status, 403);
  assert.equal((await post('org_admin', `/o/${B}/assessments/${id}/items/${acc}`, { decision: 'accepted', comment: 'Godtatt' })).status, 303);
  await step('adviser', id, 'approved', 403);
  await step('dpo', id, 'approved', 403);
  assert.equal(dbValue(srv.db, `SELECT has_ros FROM inventory WHERE org_id = ${B} AND tool_id = ${TOOL} LIMIT 1`), '0');
  await step('org_admin', id, 'approved', 303);
  assert.equal(status(id), 'approved');
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM assessment_versions WHERE assessment_id = ${id}`), '1');
  assert.equal(dbValue(srv.db, `SELECT has_ros FROM inventory WHERE org_id = ${B} AND tool_id = ${TOOL} LIMIT 1`), '1');
  // Nobody changes an approved version: items, added items, header.
  const before0 = snap();
  for (const role of ['adviser', 'org_admin']) {
    const r = await post(role, `/o/${B}/assessments/${id}/items/${uid}`, risk({ likelihood: '1' }));
    assert.equal(r.status, 409, role);
    assert.match(r.text, /approved and cannot be changed/);
  }
  assert.equal((await post('org_admin', `/o/${B}/assessments/${id}/items/${acc}`, { decision: 'not_accepted' })).status, 409);
  assert.equal((await post('adviser', `/o/${B}/assessments/${id}/items`, { kind: 'risk', title: 'Ny' })).status, 409);
  assert.equal((await post('adviser', `/o/${B}/assessments/${id}/header`, { title: 'Nytt navn' })).status, 409);
  assert.deepEqual(snap(), before0);
  assert.equal((await get('reader', `/o/${B}/assessments/${id}/versions/1`)).status, 200);
  assert.equal((await get('reader', `/o/${B}/assessments/${id}/versions/2`)).status, 404);
  assert.equal((await get('reader', `/o/${B}/assessments/${id}/versions/x`)).status, 404);
});

test('versions compare item by item; a revision keeps version 1', async () => {
  const id = await create('adviser', 'ros', 'ROS versions');
  const uid = await addRisk(id, 'ros.event.third-country');
  assert.equal((await post('adviser', `/o/${B}/assessments/${id}/items/${uid}`, risk({ title: 'Overføring' }))).status, 303);
  await step('adviser', id, 'dpo_advice', 303);
  await step('dpo', id, 'approval', 303);
  await step('org_admin', id, 'approved', 303);
  await step('reader', id, 'draft', 403);
  await step('adviser', id, 'draft', 303, 'Ny leverandør');
  assert.equal((await post('adviser', `/o/${B}/assessments/${id}/items/${uid}`, risk({ title: 'Overføring', likelihood: '5' }))).status, 303);
  await addRisk(id, 'ros.event.tracking');
  let r = await get('reader', `/o/${B}/assessments/${id}/compare?a=1&b=current`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<li>Changed: 1<\/li>/);
  assert.match(r.text, /<li>Added: 1<\/li>/);
  assert.match(r.text, /risk 3 x 4 = 12/);
  assert.match(r.text, /risk 5 x 4 = 20/);
  await step('adviser', id, 'dpo_advice', 303);
  await step('dpo', id, 'approval', 303);
  await step('org_admin', id, 'approved', 303);
  assert.equal(dbValue(srv.db, `SELECT version FROM assessments WHERE id = ${id}`), '2');
  r = await get('dpo', `/o/${B}/assessments/${id}/compare?a=1&b=2`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<li>Changed: 1<\/li>/);
  r = await get('dpo', `/o/${B}/assessments/${id}/compare?a=2&b=2`);
  assert.match(r.text, /The two versions are the same/);
  for (const q of ['a=1&b=x', 'a=0&b=2', 'a=1', 'b=2']) {
    assert.equal((await get('dpo', `/o/${B}/assessments/${id}/compare?${q}`)).status, 400, q);
  }
  assert.equal((await get('dpo', `/o/${B}/assessments/${id}/compare?a=7&b=current`)).status, 404);
  // Version 1 still holds the old likelihood.
  const snapText = dbValue(srv.db, `SELECT snapshot FROM assessment_versions WHERE assessment_id = ${id} AND version = 1`);
  const frozen = JSON.parse(snapText).items.find((i) => i.uid === uid);
  assert.equal(JSON.parse(frozen.data).likelihood, 3);
});

test('a DPIA: only the DPO writes the advice, and it must be written before approval', async () => {
  const id = await create('adviser', 'dpia', 'DPIA Kahoot');
  const advice = uidOf(id, 'dpo_advice');
  await step('adviser', id, 'dpo_advice', 303);
  for (const role of ['adviser', 'org_admin', 'reader']) {
    const r = await post(role, `/o/${B}/assessments/${id}/items/${advice}`, { text: 'Mitt råd' });
    assert.equal(r.status, 403, role);
  }
  await step('dpo', id, 'approval', 409);	// no advice yet
  assert.equal(status(id), 'dpo_advice');
  const r = await post('dpo', `/o/${B}/assessments/${id}/items/${advice}`, { text: 'Rådet fra personvernombudet' });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  await step('dpo', id, 'approval', 303);
  // The advice is closed once it has gone on.
  assert.equal((await post('dpo', `/o/${B}/assessments/${id}/items/${advice}`, { text: 'Endret' })).status, 409);
});

test('comments: roles that work on assessments comment; readers do not; bad input is refused', async () => {
  const id = await create('adviser', 'ros', 'ROS comments');
  let r = await post('dpo', `/o/${B}/assessments/${id}/comments`, { body: 'Husk elevrådet', item: 'scope.participants' });
  assert.equal(r.status, 303);
  r = await post('adviser', `/o/${B}/assessments/${id}/comments`, { body: 'Helheten' });
  assert.equal(r.status, 303);
  assert.equal((await post('reader', `/o/${B}/assessments/${id}/comments`, { body: 'x' })).status, 403);
  assert.equal((await post('school_leader', `/o/${B}/assessments/${id}/comments`, { body: 'x' })).status, 403);
  assert.equal((await post('dpo', `/o/${B}/assessments/${id}/comments`, { body: '' })).status, 400);
  assert.equal((await post('dpo', `/o/${B}/assessments/${id}/comments`, { body: 'x', item: 'nope' })).status, 404);
  const page = await get('reader', `/o/${B}/assessments/${id}/items/scope.participants`);
  assert.match(page.text, /Husk elevrådet/);
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM assessment_comments WHERE assessment_id = ${id}`), '2');
});

test('the risk matrix: everyone reads, only the org admin changes it, bad values are refused', async () => {
  for (const role of Object.keys(BERGEN)) assert.equal((await get(role, `/o/${B}/risk-matrix`)).status, 200, role);
  const good = {
    size: '4', lik1: 'Sjelden', lik2: 'Av og til', lik3: 'Ofte', lik4: 'Svært ofte', lik5: '',
    con1: 'Liten', con2: 'Middels', con3: 'Stor', con4: 'Svært stor', con5: '',
    accept_max: '3', measures_max: '8', colour0: '#c8e6c9', colour1: '#fff59d', colour2: '#ef9a9a',
  };
  for (const role of ['adviser', 'dpo', 'reader']) {
    assert.equal((await post(role, `/o/${B}/risk-matrix`, good)).status, 403, role);
  }
  const before0 = snap();
  for (const bad of [{ measures_max: '17' }, { accept_max: '9' }, { colour2: 'red' }, { size: '6' }, { lik2: '' }]) {
    const r = await post('org_admin', `/o/${B}/risk-matrix`, { ...good, ...bad });
    assert.equal(r.status, 400, JSON.stringify(bad));
  }
  assert.deepEqual(snap(), before0);
  const r = await post('org_admin', `/o/${B}/risk-matrix`, good);
  assert.equal(r.status, 200, r.text.slice(0, 600));
  assert.equal(dbValue(srv.db, `SELECT size FROM risk_matrices WHERE org_id = ${B}`), '4');
  assert.equal(dbQuery(srv.db, `SELECT 1 FROM risk_matrices WHERE org_id = ${NF}`).length, 0);
  // Risk numbers now stop at 4.
  const id = await create('adviser', 'ros', 'ROS 4x4');
  const uid = await addRisk(id, 'ros.event.lost-device');
  assert.equal((await post('adviser', `/o/${B}/assessments/${id}/items/${uid}`, risk({ likelihood: '5' }))).status, 400);
  assert.equal((await post('adviser', `/o/${B}/assessments/${id}/items/${uid}`, risk({ likelihood: '4' }))).status, 303);
});

test('another organisation: 404 from inside its own URL, 403 in Bergen\'s', async () => {
  const id = await create('adviser', 'ros', 'ROS tenancy');
  const uid = await addRisk(id, 'ros.event.ransomware');
  for (const p of [`/o/${NF}/assessments/${id}`, `/o/${NF}/assessments/${id}/items/${uid}`,
    `/o/${NF}/assessments/${id}/compare?a=1&b=current`]) {
    assert.equal((await follo.client.get(p)).status, 404, p);
  }
  const before0 = snap();
  let r = await follo.client.post(`/o/${NF}/assessments/${id}/items/${uid}`, { ...risk(), _csrf: follo.csrf });
  assert.equal(r.status, 404);
  r = await follo.client.post(`/o/${NF}/assessments/${id}/steps`, { to: 'dpo_advice', _csrf: follo.csrf });
  assert.equal(r.status, 404);
  r = await follo.client.post(`/o/${B}/assessments/${id}/steps`, { to: 'dpo_advice', _csrf: follo.csrf });
  assert.equal(r.status, 403);
  assert.deepEqual(snap(), before0);
  assert.ok(!(await follo.client.get(`/o/${NF}/assessments`)).text.includes('ROS tenancy'));
});
