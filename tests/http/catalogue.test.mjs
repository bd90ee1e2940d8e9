// The national tool catalogue over HTTP: search, filters and paging; who may
// change the catalogue (only the national editor; every other demo role is
// refused with 403 and nothing changes); a municipality's proposal, which is
// usable by the proposer at once and invisible to every other school owner
// (404, as if it did not exist) until the editor accepts it, and which
// follows a merge to its target; the public JSON API, which serves accepted
// tools only; and HTML/SQL metacharacters, which must come back as the same
// text and never as markup.
//
// Runs the real binary on a fresh database with the demo data and the seed
// catalogue (data/catalogue/tools.json), on SQLite or PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, Client, csrfOf, loggedIn, dbQuery, dbValue, dbSnapshot, orgIdOf, runBin,
} from './lib.mjs';

const EDITOR = 'redaktor@ks.demo';
const OTHERS = [
  'admin@bergen.demo', 'radgiver@bergen.demo', 'rektor@bergen.demo', 'pvo@bergen.demo',
  'leser@bergen.demo', 'admin@nordrefollo.demo', 'radgiver@nordrefollo.demo',
  'rektor@nordrefollo.demo', 'pvo@nordrefollo.demo', 'leser@nordrefollo.demo',
  'veileder@digivestland.demo', 'leverandor@eksempel.demo',
];

let srv;
let B; // Bergen
let NF; // Nordre Follo
let KS;
const users = {}; // email -> { client, csrf }

before(async () => {
  srv = await startServer();
  B = orgIdOf(srv.db, 'municipality', '4601');
  NF = orgIdOf(srv.db, 'municipality', '3207');
  KS = orgIdOf(srv.db, 'national', 'KS');
  for (const email of [EDITOR, ...OTHERS]) {
    const client = await loggedIn(srv.base, email, undefined, { lang: 'en' });
    users[email] = { client, csrf: await csrfOf(client) };
  }
});

after(async () => {
  await srv?.stop();
});

const ed = () => users[EDITOR];
const toolId = (urn) => Number(dbValue(srv.db, `SELECT id FROM tools WHERE urn = '${urn}'`));

// Names of the tools in a catalogue result table, and the count line.
function results(html) {
  const names = [...html.matchAll(/<tr><td><a class="ds-link" href="\/catalogue\/tools\/(\d+)">([^<]*)<\/a>/g)]
    .map((m) => ({ id: Number(m[1]), name: decode(m[2]) }));
  const count = /id="result-count">(\d+) /.exec(html);
  return { names: names.map((n) => n.name), ids: names.map((n) => n.id), total: count ? Number(count[1]) : null };
}

function decode(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

async function search(client, params) {
  const r = await client.get(`/catalogue?${new URLSearchParams(params)}`);
  assert.equal(r.status, 200, `search ${JSON.stringify(params)}: ${r.status}`);
  return results(r.text);
}

async function propose(email, org, fields) {
  const { client, csrf } = users[email];
  const r = await client.post(`/o/${org}/tools/propose`, { ...fields, _csrf: csrf });
  assert.equal(r.status, 303, `${email} proposes ${fields.name}: ${r.status}\n${r.text.slice(0, 3000)}`);
  const m = /^\/catalogue\/tools\/(\d+)$/.exec(r.location);
  assert.ok(m, `redirect to ${r.location}`);
  return Number(m[1]);
}

test('the seed catalogue is loaded: at least 40 real tools, every one accepted with its source', async () => {
  const n = Number(dbValue(srv.db, "SELECT COUNT(*) FROM tools WHERE status = 'accepted' AND urn IS NOT NULL AND source_url IS NOT NULL"));
  assert.ok(n >= 40, `${n} seeded tools`);
  const all = await search(users['leser@bergen.demo'].client, { q: '' });
  assert.equal(all.total, n);
  for (const name of ['Kahoot!', 'Showbie', 'Vigilo', 'itslearning']) {
    assert.ok((await search(users['leser@bergen.demo'].client, { q: name })).names.includes(name), name);
  }
});

test('search is casefolded: æøå, upper and lower case, several words, vendor and description', async () => {
  const c = users['radgiver@nordrefollo.demo'].client;
  for (const q of ['øving', 'ØVING', 'Multi smart', 'MULTI SMART ØVING', 'smart  øving', 'gyldendal øving']) {
    assert.deepEqual((await search(c, { q })).names, ['Multi Smart Øving'], q);
  }
  for (const q of ['digilær', 'DIGILÆR.NO']) assert.deepEqual((await search(c, { q })).names, ['Digilær.no'], q);
  assert.ok((await search(c, { q: 'KAHOOT' })).names.includes('Kahoot!'));
  // By vendor name, casefolded.
  const sikt = await search(c, { q: 'KUNNSKAPSSEKTORENS' });
  assert.deepEqual(sikt.names, ['Feide']);
  // By description (the seed's notes from the source).
  assert.deepEqual((await search(c, { q: 'fylkeskommunalt' })).names, ['NDLA']);
  // No match.
  const none = await search(c, { q: 'ingen slikt verktøy' });
  assert.equal(none.total, 0);
  assert.deepEqual(none.names, []);
  // Results come in Norwegian order: Å after Z, Ø before Å.
  const page = (await search(c, { q: '', category: 'laeremiddel' })).names;
  const sorted = [...page].sort((a, b) => a.localeCompare(b, 'nb', { sensitivity: 'base' }));
  assert.deepEqual(page, sorted);
});

test('filters narrow the result and combine with the words', async () => {
  const c = users['leser@bergen.demo'].client;
  const google = await search(c, { universe: 'google' });
  assert.deepEqual(google.names.sort(), ['Chromebook / ChromeOS', 'Google Classroom', 'Google Workspace for Education']);
  const feide = await search(c, { login: 'feide' });
  assert.ok(feide.names.includes('Smartbok') && feide.names.includes('Showbie'));
  assert.ok(!feide.names.includes('Kahoot!'));
  assert.equal(feide.total, Number(dbValue(srv.db, "SELECT COUNT(*) FROM tools WHERE status = 'accepted' AND (',' || logins || ',') LIKE '%,feide,%'")));
  const ipad = await search(c, { platform: 'ipad' });
  assert.ok(ipad.names.includes('iPad') && ipad.names.includes('GarageBand'));
  assert.ok(!ipad.names.includes('Kahoot!'));
  const admin = await search(c, { category: 'administrativt' });
  assert.equal(admin.total, Number(dbValue(srv.db, "SELECT COUNT(*) FROM tools WHERE status = 'accepted' AND category = 'administrativt'")));
  assert.ok(admin.names.includes('Vigilo') && !admin.names.includes('Kahoot!'));
  const both = await search(c, { q: 'visma', category: 'administrativt', login: 'feide' });
  assert.deepEqual(both.names, ['Visma Flyt Skole']);
  // Bad filter values: 400 with a message, no result table.
  for (const params of [{ category: 'spill' }, { login: 'bankid' }, { platform: 'iphone' }, { page: '0' }, { page: 'x' }, { q: 'a'.repeat(201) }]) {
    const r = await c.get(`/catalogue?${new URLSearchParams(params)}`);
    assert.equal(r.status, 400, JSON.stringify(params));
    assert.match(r.text, /ds-error-summary/);
    assert.doesNotMatch(r.text, /id="result-count"/);
  }
});

test('paging: 25 a page, disjoint pages, links keep the filters', async () => {
  const c = users['leser@bergen.demo'].client;
  const total = (await search(c, {})).total;
  assert.ok(total > 50, `${total} tools`);
  const r1 = await c.get('/catalogue?q=&page=1');
  const p1 = results(r1.text);
  const p2 = await search(c, { q: '', page: '2' });
  const last = await search(c, { q: '', page: String(Math.ceil(total / 25)) });
  assert.equal(p1.ids.length, 25);
  assert.equal(p2.ids.length, 25);
  assert.equal(last.ids.length, total - 25 * (Math.ceil(total / 25) - 1));
  assert.equal(new Set([...p1.ids, ...p2.ids, ...last.ids]).size, p1.ids.length + p2.ids.length + last.ids.length);
  assert.match(r1.text, /rel="next" href="\/catalogue\?q=&amp;page=2"/);
  const f = await c.get('/catalogue?category=laeremiddel&page=1');
  if (results(f.text).total > 25) assert.match(f.text, /href="\/catalogue\?q=&amp;category=laeremiddel&amp;page=2"/);
  const beyond = await search(c, { page: '99' });
  assert.equal(beyond.ids.length, 0);
  assert.equal(beyond.total, total);
});

test('the catalogue needs a login; the API does not', async () => {
  const anon = new Client(srv.base);
  const r = await anon.get('/catalogue?q=kahoot');
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login\?next=/);
  assert.equal((await anon.get(`/catalogue/tools/${toolId('urn:skolesec:tool:kahoot')}`)).status, 303);
  assert.equal((await anon.post('/catalogue/tools', { name: 'x' })).status, 403); // no CSRF token
  assert.equal((await anon.get('/api/v1/catalogue?q=kahoot')).status, 200);
});

test('only the national editor can create, edit, accept, reject and merge; every other role gets 403 and nothing changes', async () => {
  const proposal = await propose('radgiver@bergen.demo', B, { name: 'Rettighetstest', category: 'laeremiddel' });
  const kahoot = toolId('urn:skolesec:tool:kahoot');
  const padlet = toolId('urn:skolesec:tool:padlet');
  const vendor = Number(dbValue(srv.db, "SELECT id FROM vendors WHERE urn = 'urn:skolesec:vendor:kahoot-asa'"));
  const tables = ['tools', 'vendors', 'audit', 'audit_heads'];
  const before = dbSnapshot(srv.db, tables);
  const toolBody = { name: 'Inntrenger', category: 'laeremiddel', 'platforms-web': 'on' };
  for (const email of OTHERS) {
    const { client, csrf } = users[email];
    const tries = [
      ['GET', '/catalogue/proposals'],
      ['GET', '/catalogue/tools/new'],
      ['POST', '/catalogue/tools', toolBody],
      ['POST', `/catalogue/tools/${kahoot}`, { ...toolBody, name: 'Kahoot!' }],
      ['POST', `/catalogue/tools/${proposal}/accept`, {}],
      ['POST', `/catalogue/tools/${proposal}/reject`, { reason: 'nei' }],
      ['POST', `/catalogue/tools/${proposal}/merge`, { target: padlet }],
      ['POST', `/catalogue/tools/${kahoot}/merge`, { target: padlet }],
      ['POST', '/catalogue/vendors', { name: 'Inntrenger AS', country: 'NO' }],
      ['POST', `/catalogue/vendors/${vendor}`, { name: 'Kahoot! ASA', website: 'https://evil.example' }],
    ];
    for (const [method, url, body] of tries) {
      const r = method === 'GET' ? await client.get(url) : await client.post(url, { ...body, _csrf: csrf });
      assert.equal(r.status, 403, `${email} ${method} ${url}`);
    }
    // Nor do they see the editor's forms.
    const page = await client.get(`/catalogue/tools/${kahoot}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /action="\/catalogue\/tools\/\d+(\/merge|\/accept|\/reject)?"/, email);
  }
  assert.deepEqual(dbSnapshot(srv.db, tables), before, 'the catalogue changed');

  // The editor may do each of them.
  const { client, csrf } = ed();
  assert.equal((await client.get('/catalogue/proposals')).status, 200);
  assert.equal((await client.get('/catalogue/tools/new')).status, 200);
  const created = await client.post('/catalogue/tools', { ...toolBody, name: 'Redaktørens verktøy', _csrf: csrf });
  assert.equal(created.status, 303, created.text.slice(0, 2000));
  const acc = await client.post(`/catalogue/tools/${proposal}/accept`, { _csrf: csrf });
  assert.equal(acc.status, 303);
  assert.equal(dbValue(srv.db, `SELECT status FROM tools WHERE id = ${proposal}`), 'accepted');
});

test('a Bergen adviser proposes a tool: usable in Bergen at once, invisible to Nordre Follo and the public', async () => {
  const id = await propose('radgiver@bergen.demo', B, {
    name: 'Bergensk Læringsapp', new_vendor: 'Vestlandsk Programvare AS', category: 'laeremiddel',
    website: 'https://example.no/app', description: 'Brukes til lesetrening på mellomtrinnet.',
  });
  const [[status, by, vendorId]] = dbQuery(srv.db, `SELECT status, proposed_by, vendor_id FROM tools WHERE id = ${id}`);
  assert.equal(status, 'proposed');
  assert.equal(Number(by), B);
  assert.equal(dbValue(srv.db, `SELECT name FROM vendors WHERE id = ${vendorId}`), 'Vestlandsk Programvare AS');
  // Audited in Bergen's change log.
  assert.equal(dbValue(srv.db, `SELECT org_id FROM audit WHERE action = 'tool.propose' AND object_id = ${id}`), String(B));

  // Bergen: the adviser and the reader see it, marked as their own proposal.
  for (const email of ['radgiver@bergen.demo', 'leser@bergen.demo']) {
    const c = users[email].client;
    assert.deepEqual((await search(c, { q: 'bergensk læringsapp' })).names, ['Bergensk Læringsapp'], email);
    assert.deepEqual((await search(c, { q: 'VESTLANDSK' })).names, ['Bergensk Læringsapp'], email);
    const page = await c.get(`/catalogue/tools/${id}`);
    assert.equal(page.status, 200, email);
    assert.match(page.text, /Proposed by your organisation/);
    assert.equal((await c.get(`/catalogue/vendors/${vendorId}`)).status, 200);
  }
  // The proposal form lists the new vendor for Bergen.
  const form = await users['radgiver@bergen.demo'].client.get(`/o/${B}/tools/propose`);
  assert.match(form.text, new RegExp(`<option value="${vendorId}">Vestlandsk Programvare AS</option>`));

  // Nordre Follo: not in its search, 404 on the tool and its vendor, not in its proposal form.
  for (const email of ['admin@nordrefollo.demo', 'radgiver@nordrefollo.demo', 'leser@nordrefollo.demo', 'veileder@digivestland.demo', 'leverandor@eksempel.demo']) {
    const c = users[email].client;
    assert.equal((await search(c, { q: 'bergensk' })).total, 0, email);
    assert.equal((await search(c, { q: 'vestlandsk programvare' })).total, 0, email);
    const page = await c.get(`/catalogue/tools/${id}`);
    assert.equal(page.status, 404, email);
    assert.doesNotMatch(page.text, /Bergensk/);
    assert.equal((await c.get(`/catalogue/vendors/${vendorId}`)).status, 404, email);
    assert.doesNotMatch((await c.get('/catalogue/vendors')).text, /Vestlandsk Programvare/, email);
  }
  const nfForm = await users['radgiver@nordrefollo.demo'].client.get(`/o/${NF}/tools/propose`);
  assert.equal(nfForm.status, 200);
  assert.doesNotMatch(nfForm.text, /Vestlandsk Programvare/);
  // Nordre Follo may propose a tool of the same name: it cannot know of Bergen's.
  await propose('radgiver@nordrefollo.demo', NF, { name: 'Bergensk læringsapp', category: 'laeremiddel' });
  // Bergen may not propose it twice.
  const again = await users['radgiver@bergen.demo'].client.post(`/o/${B}/tools/propose`,
    { name: 'BERGENSK LÆRINGSAPP', category: 'laeremiddel', _csrf: users['radgiver@bergen.demo'].csrf });
  assert.equal(again.status, 400);

  // The inventory's tool picker (catalogue_picker) offers it in Bergen only.
  const bPick = await users['radgiver@bergen.demo'].client.get(`/o/${B}/inventory/new`);
  assert.equal(bPick.status, 200);
  assert.match(bPick.text, new RegExp(`<option value="${id}"`));
  const nfPick = await users['radgiver@nordrefollo.demo'].client.get(`/o/${NF}/inventory/new`);
  assert.equal(nfPick.status, 200);
  assert.doesNotMatch(nfPick.text, new RegExp(`<option value="${id}"`));
  assert.doesNotMatch(nfPick.text, /Bergensk Læringsapp/);
  // The public API does not know it.
  const api = await new Client(srv.base).get('/api/v1/catalogue?q=bergensk');
  assert.equal(JSON.parse(api.text).total, 0);
  assert.equal((await new Client(srv.base).get(`/api/v1/catalogue/tools/${id}`)).status, 404);

  // The editor's queue shows it with the proposer.
  const queue = await ed().client.get('/catalogue/proposals');
  assert.match(queue.text, new RegExp(`href="/catalogue/tools/${id}">Bergensk Læringsapp</a></td><td>Vestlandsk Programvare AS</td><td>Bergen</td>`));

  // Accepted: now everyone sees it, and the vendor with it.
  const acc = await ed().client.post(`/catalogue/tools/${id}/accept`, { _csrf: ed().csrf });
  assert.equal(acc.status, 303);
  assert.equal(dbValue(srv.db, `SELECT org_id FROM audit WHERE action = 'tool.accept' AND object_id = ${id}`), String(KS));
  const nf = users['radgiver@nordrefollo.demo'].client;
  assert.equal((await nf.get(`/catalogue/tools/${id}`)).status, 200);
  assert.equal((await nf.get(`/catalogue/vendors/${vendorId}`)).status, 200);
  assert.equal(JSON.parse((await new Client(srv.base).get(`/api/v1/catalogue/tools/${id}`)).text).name, 'Bergensk Læringsapp');
});

test('a school leader may propose too; readers, DPOs and other organisations may not', async () => {
  await propose('rektor@bergen.demo', B, { name: 'Nordnes-appen', category: 'samhandling' });
  for (const email of ['pvo@bergen.demo', 'leser@bergen.demo', 'radgiver@nordrefollo.demo', 'veileder@digivestland.demo', EDITOR]) {
    const { client, csrf } = users[email];
    assert.equal((await client.get(`/o/${B}/tools/propose`)).status, 403, email);
    const r = await client.post(`/o/${B}/tools/propose`, { name: `Fra ${email}`, category: 'samhandling', _csrf: csrf });
    assert.equal(r.status, 403, email);
  }
  assert.equal(dbValue(srv.db, "SELECT COUNT(*) FROM tools WHERE name LIKE 'Fra %'"), '0');
});

test('the proposal form checks its fields and changes nothing on an error', async () => {
  const { client, csrf } = users['radgiver@bergen.demo'];
  const before = dbSnapshot(srv.db, ['tools', 'vendors']);
  const bad = [
    [{ category: 'laeremiddel' }, /Enter the tool|required/i],
    [{ name: 'X', category: 'spill' }, /Choose one of the options/],
    [{ name: 'X', category: 'laeremiddel', website: 'javascript:alert(1)' }, /https:\/\//],
    [{ name: 'X', category: 'laeremiddel', vendor: '999999' }, /Choose a vendor from the list/],
    [{ name: 'X', category: 'laeremiddel', vendor: String(Number(dbValue(srv.db, 'SELECT MIN(id) FROM vendors'))), new_vendor: 'Ny AS' }, /not both/],
    [{ name: 'Kahoot!', category: 'laeremiddel' }, /already in the catalogue/],
    [{ name: 'X', category: 'laeremiddel', description: 'x'.repeat(4001) }, /too long/],
  ];
  for (const [body, msg] of bad) {
    const r = await client.post(`/o/${B}/tools/propose`, { ...body, _csrf: csrf });
    assert.equal(r.status, 400, JSON.stringify(body).slice(0, 200));
    assert.match(r.text, msg);
    assert.match(r.text, /ds-error-summary/);
  }
  assert.deepEqual(dbSnapshot(srv.db, ['tools', 'vendors']), before);
});

test('merge: the proposal resolves to the target, for the proposer and in the database', async () => {
  const id = await propose('radgiver@bergen.demo', B, { name: 'Kahut', category: 'laeremiddel' });
  const kahoot = toolId('urn:skolesec:tool:kahoot');
  const { client, csrf } = ed();
  // Into itself or into a tool that is not accepted: refused.
  assert.equal((await client.post(`/catalogue/tools/${id}/merge`, { target: id, _csrf: csrf })).status, 400);
  assert.equal((await client.post(`/catalogue/tools/${id}/merge`, { target: 'x', _csrf: csrf })).status, 400);
  assert.equal(dbValue(srv.db, `SELECT status FROM tools WHERE id = ${id}`), 'proposed');
  const r = await client.post(`/catalogue/tools/${id}/merge`, { target: kahoot, _csrf: csrf });
  assert.equal(r.status, 303);
  assert.deepEqual(dbQuery(srv.db, `SELECT status, merged_into FROM tools WHERE id = ${id}`), [['merged', String(kahoot)]]);
  const page = await users['radgiver@bergen.demo'].client.get(`/catalogue/tools/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`merged into another entry[^<]*<a class="ds-link" href="/catalogue/tools/${kahoot}">Kahoot!</a>`));
  // No longer listed by itself; Nordre Follo still cannot open it.
  assert.equal((await search(users['radgiver@bergen.demo'].client, { q: 'kahut' })).total, 0);
  assert.equal((await users['radgiver@nordrefollo.demo'].client.get(`/catalogue/tools/${id}`)).status, 404);
  // Merging again, or accepting a merged tool: 409, nothing changed.
  assert.equal((await client.post(`/catalogue/tools/${id}/merge`, { target: kahoot, _csrf: csrf })).status, 409);
  assert.equal((await client.post(`/catalogue/tools/${id}/accept`, { _csrf: csrf })).status, 409);
  assert.equal(dbValue(srv.db, `SELECT org_id FROM audit WHERE action = 'tool.merge' AND object_id = ${id}`), String(KS));
});

test('reject needs a reason, which the proposer then sees; a rejected tool is not usable', async () => {
  const id = await propose('admin@bergen.demo', B, { name: 'Avvist App', category: 'samhandling' });
  const { client, csrf } = ed();
  const empty = await client.post(`/catalogue/tools/${id}/reject`, { reason: '  ', _csrf: csrf });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /Give a reason/);
  assert.equal(dbValue(srv.db, `SELECT status FROM tools WHERE id = ${id}`), 'proposed');
  const reason = 'Lagrer elevdata i USA uten avtale <b>&</b>';
  assert.equal((await client.post(`/catalogue/tools/${id}/reject`, { reason, _csrf: csrf })).status, 303);
  const page = await users['radgiver@bergen.demo'].client.get(`/catalogue/tools/${id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Lagrer elevdata i USA uten avtale &lt;b&gt;&amp;&lt;/b&gt;'));
  assert.equal((await search(users['radgiver@bergen.demo'].client, { q: 'avvist app' })).total, 0);
  assert.equal((await client.post(`/catalogue/tools/${id}/reject`, { reason: 'igjen', _csrf: csrf })).status, 409);
});

test('the editor creates and edits tools and vendors; bad input gives field messages and changes nothing', async () => {
  const { client, csrf } = ed();
  const before = dbSnapshot(srv.db, ['tools', 'vendors']);
  const bad = [
    [{ name: 'Y', category: 'laeremiddel', hosting_countries: 'Norge' }, /two-letter country codes/],
    [{ name: 'Y', category: 'kaffe' }, /Choose one of the options/],
    [{ name: 'Y', category: 'laeremiddel', website: 'ftp://x.no' }, /https:\/\//],
    [{ name: 'showbie', category: 'plattform' }, /already in the catalogue/],
    [{ name: 'Y', category: 'laeremiddel', 'platforms-web': 'yes' }, /Invalid checkbox value/],
  ];
  for (const [body, msg] of bad) {
    const r = await client.post('/catalogue/tools', { ...body, _csrf: csrf });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.text, msg);
  }
  const vbad = [
    [{ name: 'Norsk AS', country: 'NO', orgnr: '123456789' }, /valid Norwegian organisation number/],
    [{ name: 'Land AS', country: 'XX' }, /two-letter country code/],
    [{ name: 'KAHOOT! asa' }, /already in the catalogue/],
  ];
  for (const [body, msg] of vbad) {
    const r = await client.post('/catalogue/vendors', { ...body, _csrf: csrf });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.text, msg);
  }
  assert.deepEqual(dbSnapshot(srv.db, ['tools', 'vendors']), before);

  // A vendor with a valid organisation number (spaces as on a letter).
  const v = await client.post('/catalogue/vendors', { name: 'Eksempel Læremidler AS', country: 'no', orgnr: '974 760 673', _csrf: csrf });
  assert.equal(v.status, 303, v.text.slice(0, 1500));
  const vid = Number(/\/catalogue\/vendors\/(\d+)$/.exec(v.location)[1]);
  assert.deepEqual(dbQuery(srv.db, `SELECT country, orgnr FROM vendors WHERE id = ${vid}`), [['NO', '974760673']]);

  // A tool with set-valued facts from the checkbox groups.
  const t = await client.post('/catalogue/tools', {
    name: 'Leseløve', vendor: vid, category: 'laeremiddel', universe: 'standalone',
    'platforms-ipad': 'on', 'platforms-web': 'on', 'logins-feide': 'on', 'age_groups-barnetrinn': 'on',
    'feide_attributes-userid-feide': 'on', 'data_categories-schoolwork': 'on',
    hosting_countries: 'no, ie', subprocessors: 'Amazon Web Services EMEA (IE)\n\n  Sentry (US) ', _csrf: csrf,
  });
  assert.equal(t.status, 303, t.text.slice(0, 1500));
  const tid = Number(/\/catalogue\/tools\/(\d+)$/.exec(t.location)[1]);
  assert.deepEqual(dbQuery(srv.db, `SELECT platforms, logins, age_groups, feide_attributes, data_categories, hosting_countries, subprocessors, status FROM tools WHERE id = ${tid}`),
    [['web,ipad', 'feide', 'barnetrinn', 'userid-feide', 'schoolwork', 'NO,IE', 'Amazon Web Services EMEA (IE)\nSentry (US)', 'accepted']]);
  assert.equal(dbValue(srv.db, `SELECT org_id FROM audit WHERE action = 'tool.create' AND object_id = ${tid}`), String(KS));
  const page = await users['leser@nordrefollo.demo'].client.get(`/catalogue/tools/${tid}`);
  assert.match(page.text, /Web browser, iPad/);
  assert.match(page.text, /<li>Sentry \(US\)<\/li>/);
  // Found by the new vendor's name and by its filters.
  assert.deepEqual((await search(users['leser@nordrefollo.demo'].client, { q: 'LÆREMIDLER', platform: 'ipad', login: 'feide' })).names, ['Leseløve']);

  // Renaming the vendor renames it in search too.
  const ren = await client.post(`/catalogue/vendors/${vid}`, { name: 'Omdøpt Forlag AS', country: 'NO', orgnr: '974760673', _csrf: csrf });
  assert.equal(ren.status, 303);
  assert.deepEqual((await search(client, { q: 'omdøpt forlag' })).names, ['Leseløve']);
  assert.equal((await search(client, { q: 'eksempel læremidler' })).total, 0);

  // Editing a tool; unchecked boxes clear the set.
  const e = await client.post(`/catalogue/tools/${tid}`, { name: 'Leseløve', vendor: vid, category: 'samhandling', 'platforms-android': 'on', _csrf: csrf });
  assert.equal(e.status, 303, e.text.slice(0, 1500));
  assert.deepEqual(dbQuery(srv.db, `SELECT category, platforms, logins FROM tools WHERE id = ${tid}`), [['samhandling', 'android', '']]);
  const detail = dbValue(srv.db, `SELECT detail FROM audit WHERE action = 'tool.update' AND object_id = ${tid}`);
  assert.match(detail, /"category":\{"after":"samhandling","before":"laeremiddel"\}/);
  // Unknown ids: 404.
  assert.equal((await client.post('/catalogue/tools/999999', { name: 'Z', category: 'laeremiddel', _csrf: csrf })).status, 404);
  assert.equal((await client.get('/catalogue/vendors/999999')).status, 404);
  assert.equal((await client.get('/catalogue/tools/abc')).status, 404);
});

test('HTML and SQL metacharacters round-trip as text, escaped in HTML and exact in JSON', async () => {
  const { client, csrf } = ed();
  const name = `<script>alert("x")</script> & 'O''Brien'; DROP TABLE tools; -- %_`;
  const desc = `<img src=x onerror=alert(1)> "quoted" & \\backslash\\ 50% _under_`;
  const r = await client.post('/catalogue/tools', { name, description: desc, category: 'laeremiddel', _csrf: csrf });
  assert.equal(r.status, 303, r.text.slice(0, 2000));
  const id = Number(/(\d+)$/.exec(r.location)[1]);
  assert.equal(dbValue(srv.db, `SELECT name FROM tools WHERE id = ${id}`), name);
  assert.equal(dbValue(srv.db, `SELECT description FROM tools WHERE id = ${id}`), desc);
  const page = await users['leser@bergen.demo'].client.get(`/catalogue/tools/${id}`);
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes('<script>alert'), 'raw script tag');
  assert.ok(!page.text.includes('<img src=x'), 'raw img tag');
  assert.ok(page.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;O&#39;&#39;Brien&#39;; DROP TABLE tools; -- %_'));
  // Found by its metacharacters; the LIKE wildcards match only themselves.
  for (const q of ["O''Brien'; DROP", '-- %_', '50% _under_', '\\backslash\\']) {
    assert.deepEqual((await search(users['leser@bergen.demo'].client, { q })).names, [name], q);
  }
  assert.equal((await search(users['leser@bergen.demo'].client, { q: '%' })).total, 1);
  assert.equal((await search(users['leser@bergen.demo'].client, { q: '_' })).total, 1);
  const api = await new Client(srv.base).get(`/api/v1/catalogue/tools/${id}`);
  const j = JSON.parse(api.text);
  assert.equal(j.name, name);
  assert.equal(j.description, desc);
  assert.equal(Number(dbValue(srv.db, "SELECT COUNT(*) FROM tools")) > 40, true, 'tools table intact');
});

test('the JSON API serves accepted tools only, with declared, checked parameters', async () => {
  const anon = new Client(srv.base);
  const r = await anon.get('/api/v1/catalogue?limit=100');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const j = JSON.parse(r.text);
  const accepted = dbQuery(srv.db, "SELECT id FROM tools WHERE status = 'accepted'").map(([x]) => Number(x));
  assert.equal(j.total, accepted.length);
  assert.equal(j.limit, 100);
  assert.ok(j.tools.length === Math.min(100, accepted.length));
  for (const t of j.tools) {
    assert.ok(accepted.includes(t.id), `tool ${t.id} (${t.name}) is not accepted`);
    assert.ok(!('proposed_by' in t) && !('status' in t) && !('status_reason' in t), JSON.stringify(t));
    assert.ok(Array.isArray(t.platforms) && Array.isArray(t.logins));
  }
  assert.doesNotMatch(r.text, /proposed|Nordre Follo|Avvist App|Kahut|Nordnes-appen/);
  // A logged-in editor gets the same public view.
  const asEditor = JSON.parse((await ed().client.get('/api/v1/catalogue?limit=100')).text);
  assert.equal(asEditor.total, j.total);
  // Filters and paging.
  const q = JSON.parse((await anon.get('/api/v1/catalogue?q=%C3%98VING')).text);
  assert.deepEqual(q.tools.map((t) => t.name), ['Multi Smart Øving']);
  assert.equal(q.tools[0].vendor.name, 'Gyldendal Norsk Forlag AS');
  const g = JSON.parse((await anon.get('/api/v1/catalogue?category=plattform&limit=5&offset=0')).text);
  assert.ok(g.tools.every((t) => t.category === 'plattform'));
  const a = JSON.parse((await anon.get('/api/v1/catalogue?limit=5&offset=0')).text).tools.map((t) => t.id);
  const b = JSON.parse((await anon.get('/api/v1/catalogue?limit=5&offset=5')).text).tools.map((t) => t.id);
  assert.equal(a.length, 5);
  assert.equal(new Set([...a, ...b]).size, 10);
  // One tool, with its vendor (no contact: it may name a person).
  const kahoot = JSON.parse((await anon.get(`/api/v1/catalogue/tools/${toolId('urn:skolesec:tool:kahoot')}`)).text);
  assert.equal(kahoot.name, 'Kahoot!');
  assert.equal(kahoot.urn, 'urn:skolesec:tool:kahoot');
  assert.equal(kahoot.vendor.orgnr, '997770234');
  assert.ok(!('contact' in kahoot.vendor));
  // Bad parameters: 400 with the field named, as JSON.
  for (const [qs, field] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=abc', 'limit'], ['offset=-1', 'offset'],
    ['category=spill', 'category'], ['login=bankid', 'login'], ['platform=iphone', 'platform'], ['universe=x', 'universe'],
    ['limit=1&limit=2', 'limit'], [`q=${'x'.repeat(201)}`, 'q'], ['q=%FF', 'q']]) {
    const e = await anon.get(`/api/v1/catalogue?${qs}`);
    assert.equal(e.status, 400, qs);
    assert.match(e.headers.get('content-type'), /^application\/json/);
    const body = JSON.parse(e.text);
    assert.equal(body.field, field, qs);
    assert.equal(typeof body.error, 'string');
  }
  for (const [path, status] of [['/api/v1/catalogue/tools/999999', 404], ['/api/v1/catalogue/tools/abc', 400], ['/api/v1/catalogue/tools/0', 400]]) {
    const e = await anon.get(path);
    assert.equal(e.status, status, path);
    assert.equal(typeof JSON.parse(e.text).error, 'string');
  }
  // Proposed and rejected tools are 404 in the API.
  for (const [id] of dbQuery(srv.db, "SELECT id FROM tools WHERE status <> 'accepted'")) {
    assert.equal((await anon.get(`/api/v1/catalogue/tools/${id}`)).status, 404, `tool ${id}`);
  }
});

test('the seed file is loaded again idempotently by init', async () => {
  const before = dbSnapshot(srv.db, ['tools', 'vendors']);
  const r = await runBin(['init', '--db', srv.db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\d+ catalogue tools checked/);
  assert.deepEqual(dbSnapshot(srv.db, ['tools', 'vendors']), before);
});
