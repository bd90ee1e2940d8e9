// The DBA register (data processing agreements), its renewal list and the
// signed PDF upload/download, over HTTP against the real binary.
//
// What must hold: every role of the organisation reads the register, and it
// shows only this organisation's agreements with their checklist counts,
// sub-processors without a transfer basis and agreements due for renewal
// (expired or within 90 days, most urgent first). Only org admins and
// advisers upload; the upload is multipart/form-data with the CSRF token as
// a part (without it: 403), the file must be a PDF by its bytes (a text file
// called .pdf sent as application/pdf is refused), at most 10 MB, and only
// while the DBA is a draft; malformed multipart gives 400 and multipart to
// an ordinary route 415. A refused upload changes nothing. The download
// gives back exactly the uploaded bytes as an attachment, and another
// organisation's agreement reads as 404.
//
// The agreements are set up in the database from the template file (the
// assessment pages are tested in assessment.test.mjs); pages are requested
// in English so texts are the msgids.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, startServer, csrfOf, loggedIn, dbQuery, dbValue, dbExec, dbSnapshot, orgIdOf,
} from './lib.mjs';

const TPL = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'templates', 'dba-digdir.json'), 'utf8'));
const ROLES = ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'];
const BERGEN = {
  org_admin: 'admin@bergen.demo',
  adviser: 'radgiver@bergen.demo',
  school_leader: 'rektor@bergen.demo',
  dpo: 'pvo@bergen.demo',
  reader: 'leser@bergen.demo',
};
const TABLES = ['documents', 'assessments', 'audit'];

let srv;
let B;
let NF;
const c = {};
const dba = {}; // name -> assessment id

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

// A DBA as the assessment module would create it: header, the template's
// items (with values where given), added sub-processors.
function makeDba(org, title, { status = 'draft', fields = {}, checks = {}, notes = {}, subs = [], tool = null } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const id = Number(dbValue(srv.db, `INSERT INTO assessments (org_id, kind, title, template_urn,
    template_version, status, created_at, updated_at) VALUES (${org}, 'dba', ${q(title)},
    ${q(TPL.urn)}, ${TPL.version}, '${status}', ${now}, ${now}) RETURNING id`));
  let pos = 0;
  const rows = [];
  for (const s of TPL.sections) {
    for (const it of s.items || []) {
      let data;
      if (it.kind === 'check') data = { status: checks[it.uid] || '', note: notes[it.uid] || '' };
      else if (it.kind === 'field') data = { value: fields[it.uid] || '' };
      else data = { text: '' };
      rows.push(`(${id}, ${q(it.uid)}, '${it.kind}', ${q(s.key)}, ${++pos}, ${q(JSON.stringify(data))}, ${now})`);
    }
  }
  subs.forEach((sp, i) => rows.push(`(${id}, 'subprocessor-${i}', 'subprocessor', 'subprocessors', ${++pos}, ${q(JSON.stringify(sp))}, ${now})`));
  dbExec(srv.db, `INSERT INTO assessment_items (assessment_id, uid, kind, section, position, data, updated_at) VALUES ${rows.join(', ')}`);
  if (tool) dbExec(srv.db, `INSERT INTO assessment_tools (assessment_id, tool_id) VALUES (${id}, ${tool})`);
  return id;
}

before(async () => {
  srv = await startServer();
  B = orgIdOf(srv.db, 'municipality', '4601');
  NF = orgIdOf(srv.db, 'municipality', '3207');
  const tool = Number(dbValue(srv.db, "SELECT MIN(id) FROM tools WHERE status = 'accepted' AND vendor_id IS NOT NULL"));
  dba.soon = makeDba(B, 'Avtale Soon', {
    tool,
    fields: {
      'dba.agreement.template': 'digdir', 'dba.agreement.template_version': '2023',
      'dba.agreement.signed': '2024-01-15', 'dba.agreement.signatory_controller': 'Kari Kommune',
      'dba.agreement.signatory_processor': 'Ola Leverandør', 'dba.agreement.expires': day(30),
    },
    checks: { 'dba.clause.a': 'ok', 'dba.clause.b': 'ok', 'dba.clause.d': 'deviation', 'dba.clause.g': 'missing' },
    notes: { 'dba.clause.d': 'Notice of new sub-processors <only> on the website' },
    subs: [
      { name: 'Cloud EU', country: 'IE', purpose: 'hosting', transfer_basis: 'eea', tia_ref: '' },
      { name: 'Support Inc', country: 'US', purpose: 'support', transfer_basis: 'none', tia_ref: '' },
    ],
  });
  dba.expired = makeDba(B, 'Avtale Expired', { fields: { 'dba.agreement.expires': day(-5) } });
  dba.later = makeDba(B, 'Avtale Later', { fields: { 'dba.agreement.expires': day(200) } });
  dba.approved = makeDba(B, 'Avtale Approved', { status: 'approved' });
  dba.other = makeDba(NF, 'Nordre Follo Secret DBA', { fields: { 'dba.agreement.expires': day(10) } });
  const now = Math.floor(Date.now() / 1000);
  dba.ros = Number(dbValue(srv.db, `INSERT INTO assessments (org_id, kind, title, template_urn,
    template_version, created_at, updated_at) VALUES (${B}, 'ros', 'A ROS', 'urn:x:ros', 1, ${now}, ${now}) RETURNING id`));
  for (const role of ROLES) {
    const client = await loggedIn(srv.base, BERGEN[role], undefined, { lang: 'en' });
    c[role] = { client, csrf: await csrfOf(client) };
  }
});

after(async () => {
  await srv?.stop();
});

// A multipart body as a browser builds it.
function multipart(parts, boundary = '----skolesecTestBoundary7MA4') {
  const chunks = [];
  for (const p of parts) {
    let h = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) h += `; filename="${p.filename}"`;
    h += '\r\n';
    if (p.type) h += `Content-Type: ${p.type}\r\n`;
    chunks.push(Buffer.from(`${h}\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
  crypto.randomBytes(3000), Buffer.from('\n%%EOF\n')]);

function upload(role, id, parts, org = B) {
  const m = multipart(parts);
  return c[role].client.post(`/o/${org}/assessments/${id}/document`, m.body, { headers: { 'content-type': m.type } });
}

const filePart = (data = PDF, filename = 'Signert avtale æøå.pdf', type = 'application/pdf') => ({ name: 'file', filename, type, data });
const csrfPart = (role) => ({ name: '_csrf', data: c[role].csrf });

test('every role of the organisation reads the register; other organisations are not shown', async () => {
  for (const role of ROLES) {
    const r = await c[role].client.get(`/o/${B}/dba`);
    assert.equal(r.status, 200, role);
    assert.match(r.text, /Avtale Soon/);
    assert.doesNotMatch(r.text, /Nordre Follo Secret DBA/, role);
  }
  const r = await c.adviser.client.get(`/o/${NF}/dba`);
  assert.equal(r.status, 403);
});

test('the register shows template, signatories, checklist counts and sub-processors without a basis', async () => {
  const r = await c.reader.client.get(`/o/${B}/dba`);
  const row = r.text.slice(r.text.indexOf('All agreements'));
  const soon = row.slice(row.indexOf('Avtale Soon'), row.indexOf('</tr>', row.indexOf('Avtale Soon')));
  assert.match(soon, /Digdir&#39;s data processing agreement, 2023|Digdir's data processing agreement, 2023/);
  assert.match(soon, /2024-01-15/);
  assert.match(soon, /Kari Kommune \/ Ola Leverandør/);
  assert.match(soon, /In order: 2, Deviation: 1, Missing: 1, Not assessed: 10/);
  assert.match(soon, /Without transfer basis: 1/);
  // The tool's name and its vendor come from the catalogue.
  const [toolName, vendorName] = dbQuery(srv.db, `SELECT t.name, v.name FROM assessment_tools at JOIN tools t ON t.id = at.tool_id JOIN vendors v ON v.id = t.vendor_id WHERE at.assessment_id = ${dba.soon}`)[0];
  assert.ok(soon.includes(toolName.replace(/&/g, '&amp;')), `tool ${toolName}`);
  assert.ok(soon.includes(vendorName.replace(/&/g, '&amp;')), `vendor ${vendorName}`);
  assert.match(r.text, /<caption>/);
  assert.match(r.text, /<th scope="col">/);
});

test('the renewal list holds expired agreements and those due within 90 days, most urgent first', async () => {
  const r = await c.dpo.client.get(`/o/${B}/dba`);
  const renew = r.text.slice(r.text.indexOf('id="renewals"'), r.text.indexOf('All agreements'));
  const iExpired = renew.indexOf('Avtale Expired');
  const iSoon = renew.indexOf('Avtale Soon');
  assert.ok(iExpired > 0 && iSoon > 0, renew);
  assert.ok(iExpired < iSoon, 'expired first');
  assert.doesNotMatch(renew, /Avtale Later/);
  assert.match(renew, /Expired/);
  assert.match(renew, /Days left: 30/);
});

test('the agreement view carries the DBA block: summary, deviations with notes, sub-processors, upload form', async () => {
  const label = (uid) => TPL.sections.flatMap((s) => s.items || []).find((i) => i.uid === uid).label.en;
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const view = await c.adviser.client.get(`/o/${B}/assessments/${dba.soon}`);
  assert.equal(view.status, 200);
  const block = view.text.slice(view.text.indexOf('class="dba-block"'));
  assert.ok(block.length > 100, 'block present');
  assert.match(block, /Summary of the agreement/);
  const dev = block.slice(block.indexOf('Clauses with a deviation or missing'), block.indexOf('Sub-processors and transfer basis'));
  assert.ok(dev.includes(esc(label('dba.clause.d'))), 'clause d listed');
  assert.ok(dev.includes('Notice of new sub-processors &lt;only&gt; on the website'), 'note shown escaped');
  assert.ok(dev.includes(esc(label('dba.clause.g'))), 'clause g listed');
  assert.ok(!dev.includes(esc(label('dba.clause.a'))), 'clause a is in order');
  assert.match(block, /Support Inc<\/th><td>US<\/td><td>support<\/td><td>No transfer basis<\/td>/);
  assert.match(block, /Cloud EU<\/th><td>IE<\/td><td>hosting<\/td><td>Within the EEA<\/td>/);
  assert.match(block, new RegExp(`<form method="post" enctype="multipart/form-data" action="/o/${B}/assessments/${dba.soon}/document">`));
  // Readers see the block without the form; nobody gets it on an approved DBA.
  const rv = await c.reader.client.get(`/o/${B}/assessments/${dba.soon}`);
  assert.equal(rv.status, 200);
  assert.match(rv.text, /Summary of the agreement/);
  assert.doesNotMatch(rv.text, /enctype="multipart\/form-data"/);
  const av = await c.org_admin.client.get(`/o/${B}/assessments/${dba.approved}`);
  assert.equal(av.status, 200);
  assert.doesNotMatch(av.text, /enctype="multipart\/form-data"/);
});

test('an adviser uploads the signed PDF as multipart; the download gives the same bytes', async () => {
  const r = await upload('adviser', dba.soon, [csrfPart('adviser'), filePart()]);
  assert.equal(r.status, 303, r.text.slice(0, 600));
  assert.equal(r.location, `/o/${B}/assessments/${dba.soon}#document`);
  const [name, mime, size, sha] = dbQuery(srv.db, `SELECT filename, mime, size, sha256 FROM documents WHERE assessment_id = ${dba.soon}`)[0];
  assert.equal(name, 'Signert avtale æøå.pdf');
  assert.equal(mime, 'application/pdf');
  assert.equal(Number(size), PDF.length);
  assert.equal(sha, crypto.createHash('sha256').update(PDF).digest('hex'));
  assert.equal(Number(dbValue(srv.db, `SELECT COUNT(*) FROM audit WHERE action = 'dba.document.upload' AND object_id = ${dba.soon}`)), 1);

  for (const role of ROLES) {
    const res = await fetch(new URL(`/o/${B}/assessments/${dba.soon}/document.pdf`, srv.base), {
      headers: { cookie: c[role].client.cookieHeader() }, redirect: 'manual',
    });
    assert.equal(res.status, 200, role);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="dba-\d+\.pdf"$/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(PDF), `${role}: same bytes`);
  }
  const reg = await c.reader.client.get(`/o/${B}/dba`);
  assert.ok(reg.text.includes(`/o/${B}/assessments/${dba.soon}/document.pdf`));
});

test('a browser-style FormData upload (fetch builds the multipart body) is accepted and replaces the document', async () => {
  const fd = new FormData();
  fd.append('_csrf', c.org_admin.csrf);
  const pdf2 = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(500)]);
  fd.append('file', new Blob([pdf2], { type: 'application/octet-stream' }), 'C:\\fakepath\\ny.pdf');
  const r = await c.org_admin.client.request(`/o/${B}/assessments/${dba.soon}/document`, { method: 'POST', body: fd });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  const rows = dbQuery(srv.db, `SELECT filename, size FROM documents WHERE assessment_id = ${dba.soon}`);
  assert.deepEqual(rows, [['ny.pdf', String(pdf2.length)]]);
});

test('refused uploads change nothing and say why', async () => {
  const before = dbSnapshot(srv.db, TABLES);
  const cases = [
    ['not a PDF by content', 'adviser', dba.later, [csrfPart('adviser'), filePart(Buffer.from('hello, I am text'), 'fake.pdf')], 400, /not a PDF document/],
    ['empty file', 'adviser', dba.later, [csrfPart('adviser'), filePart(Buffer.alloc(0))], 400, /Choose the signed agreement/],
    ['no file part', 'adviser', dba.later, [csrfPart('adviser')], 400, /Choose the signed agreement/],
    ['two files', 'adviser', dba.later, [csrfPart('adviser'), filePart(), filePart()], 400, /one file/],
    ['approved DBA', 'org_admin', dba.approved, [csrfPart('org_admin'), filePart()], 409, /only while the DBA is a draft/],
    ['not a DBA', 'adviser', dba.ros, [csrfPart('adviser'), filePart()], 404, /no such agreement/],
    ['another organisation\'s DBA', 'adviser', dba.other, [csrfPart('adviser'), filePart()], 404, /no such agreement/],
    ['no CSRF part', 'adviser', dba.later, [filePart()], 403, /expired or did not come from this site/],
    ['wrong CSRF part', 'adviser', dba.later, [{ name: '_csrf', data: 'x'.repeat(43) }, filePart()], 403, /expired/],
    ['CSRF twice', 'adviser', dba.later, [csrfPart('adviser'), csrfPart('adviser'), filePart()], 403, /expired/],
    ['reader', 'reader', dba.later, [csrfPart('reader'), filePart()], 403, /do not have access/],
    ['dpo', 'dpo', dba.later, [csrfPart('dpo'), filePart()], 403, /do not have access/],
    ['school leader', 'school_leader', dba.later, [csrfPart('school_leader'), filePart()], 403, /do not have access/],
  ];
  for (const [what, role, id, parts, status, msg] of cases) {
    const r = await upload(role, id, parts);
    assert.equal(r.status, status, `${what}: ${r.text.slice(0, 400)}`);
    assert.match(r.text, msg, what);
  }
  // Another organisation's URL: the route's authz refuses first.
  const r = await upload('adviser', dba.other, [csrfPart('adviser'), filePart()], NF);
  assert.equal(r.status, 403);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
});

test('a PDF over 10 MB is refused with 413', async () => {
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]);
  const r = await upload('adviser', dba.later, [csrfPart('adviser'), filePart(big)]);
  assert.equal(r.status, 413);
  assert.match(r.text, /larger than 10 MB/);
  assert.equal(Number(dbValue(srv.db, `SELECT COUNT(*) FROM documents WHERE assessment_id = ${dba.later}`)), 0);
});

test('malformed multipart gives 400; multipart elsewhere 415; urlencoded still reaches the upload route', async () => {
  const post = (p, body, type) => c.adviser.client.post(p, body, { headers: { 'content-type': type } });
  const url = `/o/${B}/assessments/${dba.later}/document`;
  const tok = c.adviser.csrf;
  const bad = [
    // LF-only framing
    [`--XX\nContent-Disposition: form-data; name="_csrf"\n\n${tok}\n--XX--\n`, 'multipart/form-data; boundary=XX'],
    // no boundary parameter
    [`--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${tok}\r\n--XX--\r\n`, 'multipart/form-data'],
    // the part is never closed
    [`--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${tok}`, 'multipart/form-data; boundary=XX'],
    // a header that is not allowed
    [`--XX\r\nContent-Disposition: form-data; name="_csrf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${tok}\r\n--XX--\r\n`, 'multipart/form-data; boundary=XX'],
    // a text part with a NUL byte
    [`--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${tok}\0\r\n--XX--\r\n`, 'multipart/form-data; boundary=XX'],
  ];
  for (const [body, type] of bad) {
    const r = await post(url, body, type);
    assert.equal(r.status, 400, `${JSON.stringify(body.slice(0, 60))}: ${r.text.slice(0, 300)}`);
    assert.match(r.text, /malformed|boundary/);
  }
  const m = multipart([csrfPart('adviser'), { name: 'email', data: 'x@bergen.demo' }, { name: 'role', data: 'reader' }]);
  const r415 = await post(`/o/${B}/users/invite`, m.body, m.type);
  assert.equal(r415.status, 415);
  const ru = await c.adviser.client.post(url, { _csrf: tok });
  assert.equal(ru.status, 400);
  assert.match(ru.text, /Choose the signed agreement/);
});

test('download: none uploaded, another organisation, not an id', async () => {
  assert.equal((await c.reader.client.get(`/o/${B}/assessments/${dba.later}/document.pdf`)).status, 404);
  // A document of Nordre Follo's DBA is not reachable through Bergen.
  const now = Math.floor(Date.now() / 1000);
  dbExec(srv.db, `INSERT INTO documents (org_id, assessment_id, filename, mime, size, sha256, content, uploaded_at) VALUES (${NF}, ${dba.other}, 'x.pdf', 'application/pdf', 5, '', 'JVBERi0=', ${now})`);
  assert.equal((await c.adviser.client.get(`/o/${B}/assessments/${dba.other}/document.pdf`)).status, 404);
  assert.equal((await c.adviser.client.get(`/o/${NF}/assessments/${dba.other}/document.pdf`)).status, 403);
  assert.equal((await c.adviser.client.get(`/o/${B}/assessments/abc/document.pdf`)).status, 404);
});

test('not logged in: GET redirects to login, POST is refused', async () => {
  const anon = await fetch(new URL(`/o/${B}/dba`, srv.base), { redirect: 'manual' });
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/login\?next=/);
  const m = multipart([filePart()]);
  const r = await fetch(new URL(`/o/${B}/assessments/${dba.later}/document`, srv.base), {
    method: 'POST', body: m.body, headers: { 'content-type': m.type }, redirect: 'manual',
  });
  assert.equal(r.status, 403);
});
