// Sharing (issue 5) over HTTP against the real binary: the story
// and its security promises.
//
// The story: Nordre Follo (A) approves a DPIA and publishes it nationally;
// Bergen (B) adopts it, completes its local fields and changes one shared
// field; A publishes version 2 changing that field and another; B sees the
// notice, takes the untouched change automatically and resolves the
// conflict with its own text. What must hold besides: B never sees A's
// unpublished draft or A's local content, by the library page, the bundle,
// the search or A's own URLs; endorsement and curation only by the national
// editor; only administrators publish and only administrators and advisers
// adopt; a network resource is invisible outside its network; Markdown is
// rendered without raw HTML or javascript: links; a broken bundle imports
// nothing; the national view shows counts only from five municipalities.
//
// A's assessment is made and approved through issue 4's own routes (create,
// item save, workflow steps), so the test also checks that the two fit.
// Pages are requested in English (msgids).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, loggedIn, csrfOf, dbValue, dbQuery, orgIdOf,
} from './lib.mjs';

let srv;
let A; // Nordre Follo, the publisher
let B; // Bergen, the adopter
let tool; // a catalogue tool the DPIA covers
const u = {}; // name -> { client, csrf }

const SECRET_LOCAL = 'NF-LOKAL-HEMMELIGHET';
const SECRET_ADVICE = 'NF-PVO-RAAD-HEMMELIG';
const SECRET_DRAFT = 'NF-UPUBLISERT-UTKAST';

async function as(name, email) {
  const client = await loggedIn(srv.base, email, undefined, { lang: 'en' });
  u[name] = { client, csrf: await csrfOf(client) };
}

before(async () => {
  srv = await startServer();
  A = orgIdOf(srv.db, 'municipality', '3207');
  B = orgIdOf(srv.db, 'municipality', '4601');
  tool = Number(dbValue(srv.db, "SELECT id FROM tools WHERE status = 'accepted' ORDER BY id LIMIT 1"));
  await as('aAdmin', 'admin@nordrefollo.demo');
  await as('aAdviser', 'radgiver@nordrefollo.demo');
  await as('aDpo', 'pvo@nordrefollo.demo');
  await as('bAdmin', 'admin@bergen.demo');
  await as('bAdviser', 'radgiver@bergen.demo');
  await as('bReader', 'leser@bergen.demo');
  await as('bDpo', 'pvo@bergen.demo');
  await as('bLeader', 'rektor@bergen.demo');
  await as('ks', 'redaktor@ks.demo');
  await as('vendor', 'leverandor@eksempel.demo');
});

after(async () => {
  if (process.env.SHARE_DEBUG) console.error(srv?.stderr.split("\n").filter((l) => !/ info (GET|POST) /.test(l)).join("\n"));
  await srv?.stop();
});

const count = (sql) => Number(dbValue(srv.db, sql));
const post = (name, path, data) => u[name].client.post(path, { ...data, _csrf: u[name].csrf });
const get = (name, path) => u[name].client.get(path);

function expectStatus(r, status, what) {
  assert.equal(r.status, status, `${what}: ${r.status}\n${r.text.slice(0, 1200)}`);
}

async function saveItem(name, org, id, uid, data) {
  const r = await post(name, `/o/${org}/assessments/${id}/items/${uid}`, data);
  assert.ok(r.status === 303 || r.status === 200, `save ${uid}: ${r.status}\n${r.text.slice(0, 1200)}`);
}

async function step(name, org, id, to) {
  const r = await post(name, `/o/${org}/assessments/${id}/steps`, { to, comment: 'ok' });
  assert.ok(r.status === 303 || r.status === 200, `step ${to}: ${r.status}\n${r.text.slice(0, 1500)}`);
}

// draft -> DPO advice (written) -> approval -> approved.
async function approve(id) {
  await step('aAdviser', A, id, 'dpo_advice');
  await saveItem('aDpo', A, id, 'dpo.advice', { text: SECRET_ADVICE });
  await step('aDpo', A, id, 'approval');
  await step('aAdmin', A, id, 'approved');
  assert.equal(dbValue(srv.db, `SELECT status FROM assessments WHERE id = ${id}`), 'approved');
}

const itemData = (aid, uid) => JSON.parse(dbValue(srv.db,
  `SELECT data FROM assessment_items WHERE assessment_id = ${aid} AND uid = '${uid}'`));

let source; // A's DPIA
let pub1; let pub2; // publication ids
let copy; // B's adopted assessment
let adoption;

test('A makes and approves a DPIA with a local field and DPO advice', async () => {
  const r = await post('aAdviser', `/o/${A}/assessments/new`, { kind: 'dpia', title: 'DPIA Delingstest', tool, scope: '' });
  expectStatus(r, 303, 'create');
  source = Number(/\/assessments\/(\d+)/.exec(r.location)[1]);
  await saveItem('aAdviser', A, source, 'description.processing', { value: 'Elevene svarer på quiz i klasserommet' });
  await saveItem('aAdviser', A, source, 'description.recipients', { value: 'Leverandøren' });
  await saveItem('aAdviser', A, source, 'description.purposes_local', { value: SECRET_LOCAL });
  const c = await post('aAdviser', `/o/${A}/assessments/${source}/dpia/conclusions`,
    { uid: 'conclusion.core', service: 'Kjernetjenester KONKLUSJONX', result: 'acceptable' });
  expectStatus(c, 303, 'conclusion');
  await approve(source);
});

test('only the administrator publishes; the published copy carries no local content or advice', async () => {
  for (const name of ['aAdviser', 'aDpo']) {
    const r = await post(name, `/o/${A}/sharing/publish`, { assessment: source, scope: 'national' });
    expectStatus(r, 403, `${name} publish`);
  }
  const r = await post('aAdmin', `/o/${A}/sharing/publish`, { assessment: source, scope: 'national' });
  expectStatus(r, 303, 'publish');
  pub1 = Number(/^\/library\/(\d+)$/.exec(r.location)[1]);
  const snap = dbValue(srv.db, `SELECT snapshot FROM share_pubs WHERE id = ${pub1}`);
  assert.ok(snap.includes('Elevene svarer'));
  assert.ok(!snap.includes(SECRET_LOCAL) && !snap.includes(SECRET_ADVICE), 'local content stripped');
  assert.ok(!new RegExp(`"org_id":${A}\\b`).test(snap), 'no publisher org id in the snapshot');
  // The same version cannot be published twice.
  const again = await post('aAdmin', `/o/${A}/sharing/publish`, { assessment: source, scope: 'national' });
  expectStatus(again, 400, 'publish again');
  assert.match(again.text, /already published/);
  assert.equal(count(`SELECT COUNT(*) FROM share_pubs WHERE source_id = ${source}`), 1);
});

test('A starts a revision: the draft stays invisible to B everywhere', async () => {
  await step('aAdviser', A, source, 'draft');
  await saveItem('aAdviser', A, source, 'description.processing', { value: SECRET_DRAFT });
  const hdr = await post('aAdviser', `/o/${A}/assessments/${source}/header`, { title: `DPIA ${SECRET_DRAFT}`, scope: SECRET_DRAFT });
  assert.ok(hdr.status === 303 || hdr.status === 200, `header: ${hdr.status}`);
  const page = await get('bAdviser', `/library/${pub1}`);
  expectStatus(page, 200, 'library page');
  assert.ok(page.text.includes('Elevene svarer'));
  for (const s of [SECRET_DRAFT, SECRET_LOCAL, SECRET_ADVICE]) assert.ok(!page.text.includes(s), s);
  const bundle = await get('bAdviser', `/library/${pub1}/bundle.json`);
  expectStatus(bundle, 200, 'bundle');
  assert.match(bundle.headers.get('content-disposition'), /attachment/);
  for (const s of [SECRET_DRAFT, SECRET_LOCAL, SECRET_ADVICE]) assert.ok(!bundle.text.includes(s), s);
  const found = await get('bAdviser', '/library?q=quiz');
  assert.ok(found.text.includes(`/library/${pub1}"`), 'search finds the publication');
  for (const q of [SECRET_DRAFT, SECRET_LOCAL, SECRET_ADVICE]) {
    const s = await get('bAdviser', `/library?q=${encodeURIComponent(q)}`);
    assert.ok(!s.text.includes(`/library/${pub1}"`), `search for ${q}`);
  }
  // A's own URLs answer 403 to B's users; an unknown id is 404.
  expectStatus(await get('bAdmin', `/o/${A}/assessments/${source}`), 403, 'A assessment');
  expectStatus(await get('bAdmin', `/o/${A}/sharing`), 403, 'A sharing');
  expectStatus(await get('bAdmin', '/library/999999'), 404, 'unknown pub');
});

test('readers, DPOs and school leaders may not adopt; the adviser adopts', async () => {
  for (const name of ['bReader', 'bDpo', 'bLeader']) {
    expectStatus(await post(name, `/o/${B}/sharing/adopt`, { pub: pub1 }), 403, `${name} adopt`);
  }
  const mine = await post('aAdmin', `/o/${A}/sharing/adopt`, { pub: pub1 });
  expectStatus(mine, 400, 'publisher adopts own');
  const r = await post('bAdviser', `/o/${B}/sharing/adopt`, { pub: pub1 });
  expectStatus(r, 303, 'adopt');
  copy = Number(new RegExp(`^/o/${B}/assessments/(\\d+)$`).exec(r.location)[1]);
  assert.equal(dbValue(srv.db, `SELECT org_id FROM assessments WHERE id = ${copy}`), String(B));
  assert.equal(dbValue(srv.db, `SELECT status FROM assessments WHERE id = ${copy}`), 'draft');
  assert.equal(itemData(copy, 'description.purposes_local').value, '');
  assert.equal(dbValue(srv.db, `SELECT local FROM assessment_items WHERE assessment_id = ${copy} AND uid = 'description.purposes_local'`), '1');
  assert.equal(itemData(copy, 'description.processing').value, 'Elevene svarer på quiz i klasserommet');
  adoption = Number(dbValue(srv.db, `SELECT id FROM share_adoptions WHERE assessment_id = ${copy}`));
  expectStatus(await post('bAdmin', `/o/${B}/sharing/adopt`, { pub: pub1 }), 400, 'adopt twice');
  // Lineage on both sides: a count at the source, the source on B's side.
  assert.match((await get('aAdmin', `/library/${pub1}`)).text, /Adopted by \(organisations\):<\/strong> 1/);
  const page = await get('bAdviser', `/o/${B}/sharing/adoptions/${adoption}`);
  expectStatus(page, 200, 'adoption page');
  assert.match(page.text, /<code>description\.purposes_local<\/code><\/a> <span[^>]*>Not completed/);
  assert.ok(page.text.includes('Nordre Follo'));
  // The adoption is B's: A's users get 403 on B's URL and 404 on their own.
  expectStatus(await get('aAdmin', `/o/${B}/sharing/adoptions/${adoption}`), 403, 'A on B');
  expectStatus(await get('aAdmin', `/o/${A}/sharing/adoptions/${adoption}`), 404, 'A id in own org');
});

test('A publishes version 2; B takes the changes and resolves the conflict', async () => {
  await saveItem('bAdviser', B, copy, 'description.purposes_local', { value: 'Bergen sitt eget formål' });
  await saveItem('bAdviser', B, copy, 'description.recipients', { value: 'Bergen: leverandør og skole' });
  let page = await get('bAdviser', `/o/${B}/sharing/adoptions/${adoption}`);
  const todo = (html, uid) => new RegExp(`<code>${uid.replace('.', '\\.')}</code></a> <span[^>]*>Not completed`).test(html);
  assert.ok(!todo(page.text, 'description.purposes_local'), 'local field completed');
  assert.ok(todo(page.text, 'description.retention'), 'another local field still open');

  await post('aAdviser', `/o/${A}/assessments/${source}/header`, { title: 'DPIA Delingstest', scope: '' });
  await saveItem('aAdviser', A, source, 'description.processing', { value: 'Versjon 2: quiz og lekser' });
  await saveItem('aAdviser', A, source, 'description.recipients', { value: 'Leverandøren og underleverandører' });
  await approve(source);
  const r = await post('aAdmin', `/o/${A}/sharing/publish`, { assessment: source, scope: 'national' });
  expectStatus(r, 303, 'publish v2');
  pub2 = Number(/^\/library\/(\d+)$/.exec(r.location)[1]);
  assert.equal(count(`SELECT COUNT(*) FROM share_pubs WHERE source_id = ${source} AND latest = 1`), 1);
  assert.equal(dbValue(srv.db, `SELECT pub_version FROM share_pubs WHERE id = ${pub2}`), '2');

  const overview = await get('bAdviser', `/o/${B}/sharing`);
  assert.match(overview.text, /has published a new version of/);
  page = await get('bAdviser', `/o/${B}/sharing/adoptions/${adoption}`);
  expectStatus(page, 200, 'update view');
  assert.ok(page.text.includes('Take the new text'), 'automatic change listed');
  assert.ok(page.text.includes('name="c-description.recipients"'), 'conflict offered');
  assert.ok(!page.text.includes('name="c-description.processing"'), 'untouched item is no conflict');

  // Without a choice for the conflict: refused, nothing changes.
  const before = dbValue(srv.db, `SELECT base_pub_id FROM share_adoptions WHERE id = ${adoption}`);
  const bad = await post('bAdviser', `/o/${B}/sharing/adoptions/${adoption}`, { target: pub2 });
  expectStatus(bad, 400, 'no choice');
  assert.equal(dbValue(srv.db, `SELECT base_pub_id FROM share_adoptions WHERE id = ${adoption}`), before);
  // A stale target (the old version) is refused.
  const stale = await post('bAdviser', `/o/${B}/sharing/adoptions/${adoption}`,
    { target: pub1, 'c-description.recipients': 'mine' });
  expectStatus(stale, 409, 'stale target');
  // Readers may look but not take.
  expectStatus(await get('bReader', `/o/${B}/sharing/adoptions/${adoption}`), 200, 'reader view');
  expectStatus(await post('bReader', `/o/${B}/sharing/adoptions/${adoption}`,
    { target: pub2, 'c-description.recipients': 'mine' }), 403, 'reader take');

  const ok = await post('bAdviser', `/o/${B}/sharing/adoptions/${adoption}`, {
    target: pub2, 'c-description.recipients': 'edit', 'e-description.recipients': 'Felles tekst etter avklaring',
  });
  expectStatus(ok, 303, 'take changes');
  assert.equal(itemData(copy, 'description.processing').value, 'Versjon 2: quiz og lekser');
  assert.equal(itemData(copy, 'description.recipients').value, 'Felles tekst etter avklaring');
  assert.equal(itemData(copy, 'description.purposes_local').value, 'Bergen sitt eget formål');
  assert.equal(dbValue(srv.db, `SELECT base_pub_id FROM share_adoptions WHERE id = ${adoption}`), String(pub2));
  assert.ok(count(`SELECT COUNT(*) FROM audit WHERE org_id = ${B} AND action = 'share.update'`) === 1);
  page = await get('bAdviser', `/o/${B}/sharing/adoptions/${adoption}`);
  assert.match(page.text, /You are based on the newest version/);
  // B's local text never reaches A's side.
  const snaps = dbQuery(srv.db, 'SELECT snapshot FROM share_pubs').flat().join('\n');
  assert.ok(!snaps.includes('Bergen sitt eget formål'));
});

test('endorsement only by the national editor', async () => {
  for (const name of ['bAdmin', 'aAdmin', 'vendor']) {
    expectStatus(await post(name, `/library/${pub2}/endorse`, { local: '' }), 403, `${name} endorse`);
  }
  const bad = await post('ks', `/library/${pub2}/endorse`, { local: 'no.such.item' });
  expectStatus(bad, 400, 'unknown uid');
  assert.ok((await get('bAdviser', '/library')).text.includes('KONKLUSJONX'), 'conclusion listed before');
  const r = await post('ks', `/library/${pub2}/endorse`, { local: 'description.recipients, conclusion.core' });
  expectStatus(r, 303, 'endorse');
  // The library list shows summaries of the items: what the editor made
  // local must leave them as well, not only the stored copy.
  assert.ok(!(await get('bAdviser', '/library')).text.includes('KONKLUSJONX'), 'conclusion gone from the list');
  assert.ok(!dbValue(srv.db, `SELECT conclusions FROM share_pubs WHERE id = ${pub2}`).includes('KONKLUSJONX'));
  assert.notEqual(dbValue(srv.db, `SELECT endorsed_at FROM share_pubs WHERE id = ${pub2}`), '');
  const snap = dbValue(srv.db, `SELECT snapshot FROM share_pubs WHERE id = ${pub2}`);
  assert.ok(!snap.includes('underleverandører'), 'field marked local is emptied');
  const lib = await get('bAdviser', '/library?endorsed=1');
  assert.ok(lib.text.includes(`/library/${pub2}"`));
  expectStatus(await get('ks', `/library/${pub2}`), 200, 'editor reads');
});

test('resources: Markdown in safe mode, network scope, curation by the editor', async () => {
  const body = '# Rutine\n\nTekst med <script>alert(1)</script> og [lenke](javascript:alert(1)).\n';
  let r = await post('aAdmin', `/o/${A}/resources`, { title: 'Rutine for deling', kind: 'routine', scope: 'national', body, tags: 'avvik' });
  expectStatus(r, 303, 'create resource');
  const res = Number(/^\/resources\/(\d+)$/.exec(r.location)[1]);
  const page = await get('bAdviser', `/resources/${res}`);
  expectStatus(page, 200, 'resource page');
  assert.ok(page.text.includes('<h1>Rutine</h1>'));
  assert.ok(!page.text.includes('<script>alert') && !page.text.includes('javascript:'));
  assert.ok((await get('bAdviser', '/resources?q=rutine')).text.includes(`/resources/${res}"`));

  expectStatus(await post('bAdmin', `/resources/${res}/curate`, { on: 1 }), 403, 'curate by admin');
  expectStatus(await post('ks', `/resources/${res}/curate`, { on: 1 }), 303, 'curate');
  assert.equal(dbValue(srv.db, `SELECT curated FROM resources WHERE id = ${res}`), '1');

  // Missing title: the form again with a message, nothing stored.
  const n = count('SELECT COUNT(*) FROM resources');
  r = await post('aAdmin', `/o/${A}/resources`, { title: '', kind: 'guide', scope: 'draft', body: 'x' });
  expectStatus(r, 400, 'no title');
  assert.equal(count('SELECT COUNT(*) FROM resources'), n);

  // A network of A and Oslo: B's users cannot see its resource.
  r = await post('aAdmin', `/o/${A}/sharing/networks`, { name: 'Follo og Oslo', members: '0301' });
  expectStatus(r, 303, 'network');
  const net = Number(dbValue(srv.db, `SELECT id FROM share_networks WHERE owner_org_id = ${A}`));
  r = await post('aAdmin', `/o/${A}/resources`, { title: 'Nettverksrutine', kind: 'guide', scope: 'network', network: net, body: 'Bare for nettverket' });
  expectStatus(r, 303, 'network resource');
  const netRes = Number(/^\/resources\/(\d+)$/.exec(r.location)[1]);
  expectStatus(await get('bAdviser', `/resources/${netRes}`), 404, 'outside network');
  assert.ok(!(await get('bAdviser', '/resources?q=nettverksrutine')).text.includes(`/resources/${netRes}"`));
  expectStatus(await get('aAdviser', `/resources/${netRes}`), 200, 'inside network');
  // B cannot publish into A's network, nor edit A's resource.
  r = await post('bAdmin', `/o/${B}/resources`, { title: 'x', kind: 'guide', scope: 'network', network: net, body: 'x' });
  expectStatus(r, 400, 'foreign network');
  expectStatus(await get('bAdmin', `/o/${B}/resources/${res}/edit`), 404, 'foreign resource');
  expectStatus(await post('bReader', `/o/${B}/resources`, { title: 'x', kind: 'guide', scope: 'draft', body: 'x' }), 403, 'reader writes');
});

test('bundle import: a valid bundle becomes a draft without local content; a broken one imports nothing', async () => {
  const bundle = JSON.parse((await get('bAdmin', `/library/${pub2}/bundle.json`)).text);
  const local = bundle.items.find((i) => i.uid === 'description.purposes_local');
  local.data.value = 'smuglet innhold';
  const n = count(`SELECT COUNT(*) FROM assessments WHERE org_id = ${B}`);
  let r = await post('bAdmin', `/o/${B}/sharing/import`, { bundle: JSON.stringify(bundle) });
  expectStatus(r, 303, 'import');
  const id = Number(new RegExp(`^/o/${B}/assessments/(\\d+)$`).exec(r.location)[1]);
  assert.equal(itemData(id, 'description.purposes_local').value, '');
  assert.equal(count(`SELECT COUNT(*) FROM assessments WHERE org_id = ${B}`), n + 1);
  for (const broken of ['{', JSON.stringify({ ...bundle, extra: 1 }),
    JSON.stringify({ ...bundle, items: [bundle.items[0], bundle.items[0]] }),
    JSON.stringify({ ...bundle, template: { urn: 'urn:unknown', version: 1 } })]) {
    r = await post('bAdmin', `/o/${B}/sharing/import`, { bundle: broken });
    expectStatus(r, 400, 'broken bundle');
  }
  assert.equal(count(`SELECT COUNT(*) FROM assessments WHERE org_id = ${B}`), n + 1);
  expectStatus(await post('bReader', `/o/${B}/sharing/import`, { bundle: JSON.stringify(bundle) }), 403, 'reader import');
});

test('national view of a tool: counts below five are not shown', async () => {
  const r = await get('bReader', `/library/tools/${tool}`);
  expectStatus(r, 200, 'tool view');
  assert.match(r.text, /fewer than 5/);
  assert.ok(r.text.includes(`/library/${pub2}"`));
  expectStatus(await get('bReader', '/library/tools/99999999'), 404, 'unknown tool');
});

test('the sharing page works for every role of the organisation', async () => {
  for (const name of ['bAdmin', 'bAdviser', 'bReader', 'bDpo', 'bLeader']) {
    expectStatus(await get(name, `/o/${B}/sharing`), 200, `${name} sharing`);
  }
  const admin = await get('bAdmin', `/o/${B}/sharing`);
  assert.match(admin.text, /Publish an approved assessment/);
  const reader = await get('bReader', `/o/${B}/sharing`);
  assert.ok(!/sharing\/publish/.test(reader.text) && !/sharing\/import/.test(reader.text));
});
