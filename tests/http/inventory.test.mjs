// The inventory (tools in use), its CSV import and export, the initial
// screening, the public transparency page and the JSON read API, on the
// real binary against a fresh database (SQLite, or PostgreSQL when
// SKOLESEC_TEST_PG is set).
//
// What a municipality relies on here: each role can do exactly what the
// permission table says (a school leader only for their own schools, and
// only reading the rows for the whole municipality); bad input is refused
// with a message per field or per line and changes nothing; an import is
// all or nothing, whatever the file's encoding; an export opens safely in a
// spreadsheet; the public page shows only what was marked public; and no
// id of another municipality reaches anything.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, Client, csrfOf, loggedIn, dbQuery, dbValue, dbExec, dbSnapshot, orgIdOf, runBin,
} from './lib.mjs';

let srv;
let B; // Bergen
let NF; // Nordre Follo
const S = {}; // Bergen schools by short name, and nf: a Nordre Follo school
const T = {}; // test tools: alfa, beta, gamma (accepted), prop (Bergen's proposal), nfprop, rejected
const C = {}; // role -> { c, csrf }

const HEADER = 'verktøy,skole,trinn,elever,formål,personopplysninger,feide_attributter,ansvarlig,siden,status,ros,dpia,dba,offentlig,bruksregler';
const TABLES = ['inventory', 'screenings', 'todos', 'audit', 'audit_heads'];

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function insertTool(name, vendor, status = 'accepted', proposedBy = null) {
  return Number(dbValue(srv.db, `INSERT INTO tools (name, vendor_id, category, status, proposed_by, created_at, updated_at)
    VALUES (${q(name)}, ${vendor}, 'laeremiddel', '${status}', ${proposedBy ?? 'NULL'}, 1, 1) RETURNING id`));
}

before(async () => {
  srv = await startServer();
  B = orgIdOf(srv.db, 'municipality', '4601');
  NF = orgIdOf(srv.db, 'municipality', '3207');
  for (const [k, name] of [['nordnes', 'Nordnes skole'], ['slett', 'Slettebakken skole'], ['astveit', 'Åstveit skole']]) {
    S[k] = Number(dbValue(srv.db, `SELECT id FROM schools WHERE org_id = ${B} AND name = ${q(name)}`));
  }
  S.nf = Number(dbValue(srv.db, `SELECT id FROM schools WHERE org_id = ${NF} AND name = 'Ski skole'`));
  // Tools of our own, so the tests do not depend on the seed catalogue.
  const v = Number(dbValue(srv.db, `INSERT INTO vendors (name, created_at, updated_at) VALUES ('Testleverandør AS', 1, 1) RETURNING id`));
  T.alfa = insertTool('Testverktøy Alfa', v);
  T.beta = insertTool('Testverktøy Beta', v);
  T.gamma = insertTool('Ærlig Øving', v);
  T.prop = insertTool('Bergens eget forslag', v, 'proposed', B);
  T.nfprop = insertTool('Nordre Follos forslag', v, 'proposed', NF);
  T.rejected = insertTool('Avvist verktøy', v, 'rejected', B);
  const users = {
    org_admin: 'admin@bergen.demo', adviser: 'radgiver@bergen.demo', school_leader: 'rektor@bergen.demo',
    dpo: 'pvo@bergen.demo', reader: 'leser@bergen.demo', nf_admin: 'admin@nordrefollo.demo',
  };
  for (const [role, email] of Object.entries(users)) {
    const c = await loggedIn(srv.base, email, undefined, { lang: 'en' });
    C[role] = { c, csrf: await csrfOf(c) };
  }
});

after(async () => {
  await srv?.stop();
});

function rowOf(id) {
  const [r] = dbQuery(srv.db, `SELECT tool_id, COALESCE(school_id, 0), grades, COALESCE(pupils, -1), purpose, data_categories,
    feide_attributes, responsible, COALESCE(since, ''), state, has_ros, has_dpia, has_dba, public, usage_rules,
    COALESCE(needs_ros, -1), COALESCE(needs_dpia, -1), COALESCE(needs_dba, -1) FROM inventory WHERE id = ${id}`);
  if (!r) return null;
  const k = ['tool', 'school', 'grades', 'pupils', 'purpose', 'data', 'feide', 'responsible', 'since', 'state',
    'ros', 'dpia', 'dba', 'public', 'rules', 'needs_ros', 'needs_dpia', 'needs_dba'];
  const o = Object.fromEntries(k.map((x, i) => [x, r[i]]));
  for (const x of ['tool', 'school', 'pupils', 'ros', 'dpia', 'dba', 'public', 'needs_ros', 'needs_dpia', 'needs_dba']) o[x] = Number(o[x]);
  return o;
}

function idOf(org, tool, school) {
  const r = dbQuery(srv.db, `SELECT id FROM inventory WHERE org_id = ${org} AND tool_id = ${tool} AND COALESCE(school_id, 0) = ${school}`);
  return r.length ? Number(r[0][0]) : 0;
}

// A row written straight to the database (setup for access tests).
function putRow(org, tool, school, extra = {}) {
  const e = { grades: '', purpose: '', public: 0, rules: '', responsible: '', ...extra };
  return Number(dbValue(srv.db, `INSERT INTO inventory (org_id, tool_id, school_id, grades, purpose, responsible, public, usage_rules, created_at, updated_at)
    VALUES (${org}, ${tool}, ${school || 'NULL'}, ${q(e.grades)}, ${q(e.purpose)}, ${q(e.responsible)}, ${e.public}, ${q(e.rules)}, 1, 1) RETURNING id`));
}

function form(role, fields) {
  return { _csrf: C[role].csrf, state: 'in_use', ...fields };
}

function text(html) {
  return html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

// Percent-encodes bytes as they are (a file's content in a form field).
function encBytes(buf) {
  let s = '';
  for (const b of buf) {
    const ch = String.fromCharCode(b);
    s += /[A-Za-z0-9_.~-]/.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return s;
}

function importCsv(role, bytes) {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8');
  return C[role].c.post(`/o/${B}/inventory/import`, `_csrf=${encodeURIComponent(C[role].csrf)}&csv=${encBytes(buf)}`);
}

// A strict RFC 4180 reader: quoted fields with "" escapes, CRLF records,
// anything else (a stray quote, a bare LF outside quotes) is an error.
function parseCsvStrict(s, sep) {
  const rows = [];
  let i = 0;
  let row = [];
  for (;;) {
    let f = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) throw new Error('unterminated quote');
        if (s[i] === '"') {
          if (s[i + 1] === '"') { f += '"'; i += 2; continue; }
          i++;
          break;
        }
        f += s[i++];
      }
    } else {
      while (i < s.length && s[i] !== sep && s[i] !== '\r' && s[i] !== '\n') {
        if (s[i] === '"') throw new Error(`stray quote at ${i}`);
        f += s[i++];
      }
    }
    row.push(f);
    if (s[i] === sep) { i++; continue; }
    if (i >= s.length) { if (row.length > 1 || row[0] !== '') rows.push(row); return rows; }
    if (s[i] !== '\r' || s[i + 1] !== '\n') throw new Error(`record not ended by CRLF at ${i}`);
    i += 2;
    rows.push(row);
    row = [];
    if (i >= s.length) return rows;
  }
}

// ---- the list and the form, per role -------------------------------------

test('every role reads the list; only administrator, adviser and school leader get the form', async () => {
  const want = { org_admin: 200, adviser: 200, school_leader: 200, dpo: 403, reader: 403 };
  for (const [role, status] of Object.entries(want)) {
    const list = await C[role].c.get(`/o/${B}/inventory`);
    assert.equal(list.status, 200, `${role} list`);
    assert.match(list.text, /<caption[^>]*>Tools in use|No tools are registered/);
    assert.equal(list.text.includes(`href="/o/${B}/inventory/new"`), status === 200, `${role}: add link`);
    assert.ok(list.text.includes('href="/public/4601"'), `${role}: public page link`);
    assert.equal((await C[role].c.get(`/o/${B}/inventory/new`)).status, status, `${role} new`);
    assert.equal((await C[role].c.get(`/o/${B}/inventory/import`)).status, status, `${role} import`);
  }
  const anon = await new Client(srv.base).get(`/o/${B}/inventory`);
  assert.equal(anon.status, 303);
  assert.match(anon.location, /^\/login\?next=/);
});

test('an adviser adds a row: values normalised, stored, audited with the new values', async () => {
  const r = await C.adviser.c.post(`/o/${B}/inventory/new`, form('adviser', {
    tool: T.alfa, school: 0, grades: '1,2,3', pupils: '250', purpose: 'Lesetrening', responsible: 'Rune',
    since: '2023-08-15', state: 'trial', data_name: 'on', data_schoolwork: 'on', feide_userid: 'on',
    has_dba: 'on', public: 'on', usage_rules: 'Bare med kallenavn',
  }));
  assert.equal(r.status, 303, r.text.slice(0, 3000));
  const id = idOf(B, T.alfa, 0);
  assert.ok(id > 0);
  assert.equal(r.location, `/o/${B}/inventory/${id}?m=created`);
  assert.deepEqual(rowOf(id), {
    tool: T.alfa, school: 0, grades: '1-3', pupils: 250, purpose: 'Lesetrening', data: 'name,schoolwork',
    feide: 'userid', responsible: 'Rune', since: '2023-08-15', state: 'trial', ros: 0, dpia: 0, dba: 1, public: 1,
    rules: 'Bare med kallenavn', needs_ros: -1, needs_dpia: -1, needs_dba: -1,
  });
  const [[detail]] = dbQuery(srv.db, `SELECT detail FROM audit WHERE org_id = ${B} AND action = 'inventory.create' AND object_id = ${id} ORDER BY seq DESC LIMIT 1`);
  const d = JSON.parse(detail);
  assert.equal(d.after.grades, '1-3');
  assert.equal(d.after.tool, 'Testverktøy Alfa');
  assert.equal(d.source, 'form');
  const page = await C.adviser.c.get(r.location);
  assert.equal(page.status, 200);
  assert.match(page.text, /The tool has been added/);
  // The list names the row, the whole municipality, and its flags in words.
  const list = text((await C.reader.c.get(`/o/${B}/inventory`)).text);
  assert.match(list, /Testverktøy Alfa Testleverandør AS Whole municipality 1-3 250 Trial No No Yes Yes Not screened/);
});

test('bad values give a message per field and store nothing', async () => {
  const before = dbSnapshot(srv.db, TABLES);
  const r = await C.org_admin.c.post(`/o/${B}/inventory/new`, form('org_admin', {
    tool: T.beta, school: S.nordnes, grades: '0-14', pupils: 'many', since: '2023-02-30', state: 'retired',
    responsible: 'x'.repeat(201),
  }));
  assert.equal(r.status, 400);
  for (const f of ['grades', 'pupils', 'since', 'state', 'responsible']) {
    assert.match(r.text, new RegExp(`id="e-${f}"`), `no message for ${f}`);
    assert.match(r.text, new RegExp(`href="#f-${f}"`), `${f} not in the summary`);
  }
  assert.match(r.text, /Grades go from 1 to 13/);
  assert.match(r.text, /Pupils must be a whole number/);
  assert.match(r.text, /real date/);
  // The entered values come back in the form.
  assert.match(r.text, /value="many"/);
  // Tools that are not usable by Bergen, and a school of another municipality.
  for (const [tool, school, field] of [[T.nfprop, S.nordnes, 'tool'], [T.rejected, S.nordnes, 'tool'],
    [999999, S.nordnes, 'tool'], [T.beta, S.nf, 'school'], ['', S.nordnes, 'tool']]) {
    const x = await C.org_admin.c.post(`/o/${B}/inventory/new`, form('org_admin', { tool, school }));
    assert.equal(x.status, 400, `tool ${tool} school ${school}`);
    assert.match(x.text, new RegExp(`id="e-${field}"`));
  }
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
});

test("a municipality's own proposal is usable at once; the same tool and school twice is refused", async () => {
  const ok = await C.org_admin.c.post(`/o/${B}/inventory/new`, form('org_admin', { tool: T.prop, school: S.slett }));
  assert.equal(ok.status, 303);
  const before = dbSnapshot(srv.db, TABLES);
  const dup = await C.adviser.c.post(`/o/${B}/inventory/new`, form('adviser', { tool: T.prop, school: S.slett }));
  assert.equal(dup.status, 400);
  assert.match(dup.text, /already registered for this school/);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
});

test('a change is audited with before and after; setting a flag closes its to-do', async () => {
  const id = putRow(B, T.beta, S.astveit, { grades: '5-7' });
  dbExec(srv.db, `INSERT INTO todos (org_id, inventory_id, kind, title, source, created_at) VALUES (${B}, ${id}, 'ros', 'ROS', 'screening:0', 1) RETURNING id`);
  const r = await C.adviser.c.post(`/o/${B}/inventory/${id}`, form('adviser', {
    tool: T.beta, school: S.astveit, grades: '8, 9, 10', has_ros: 'on', state: 'phasing_out',
  }));
  assert.equal(r.status, 303, r.text.slice(0, 2000));
  assert.equal(r.location, `/o/${B}/inventory/${id}?m=saved`);
  const row = rowOf(id);
  assert.equal(row.grades, '8-10');
  assert.equal(row.ros, 1);
  assert.equal(row.state, 'phasing_out');
  const [[detail]] = dbQuery(srv.db, `SELECT detail FROM audit WHERE org_id = ${B} AND action = 'inventory.update' AND object_id = ${id} ORDER BY seq DESC LIMIT 1`);
  const d = JSON.parse(detail);
  assert.equal(d.before.grades, '5-7');
  assert.equal(d.after.grades, '8-10');
  assert.equal(d.before.has_ros, false);
  assert.equal(d.after.has_ros, true);
  assert.equal(dbValue(srv.db, `SELECT status FROM todos WHERE inventory_id = ${id}`), 'done');
  // Moving it onto a (tool, school) pair that is taken is refused.
  const other = putRow(B, T.gamma, S.astveit);
  const before = dbSnapshot(srv.db, TABLES);
  const clash = await C.adviser.c.post(`/o/${B}/inventory/${other}`, form('adviser', { tool: T.beta, school: S.astveit }));
  assert.equal(clash.status, 400);
  assert.match(clash.text, /already registered/);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
});

test('readers and data protection officers cannot change anything', async () => {
  const id = putRow(B, T.gamma, S.nordnes);
  const before = dbSnapshot(srv.db, TABLES);
  for (const role of ['dpo', 'reader']) {
    const { c } = C[role];
    assert.equal((await c.get(`/o/${B}/inventory/${id}`)).status, 200);
    assert.ok(!(await c.get(`/o/${B}/inventory/${id}`)).text.includes(`action="/o/${B}/inventory/${id}"`), `${role} sees a form`);
    assert.equal((await c.post(`/o/${B}/inventory/new`, form(role, { tool: T.beta, school: S.nordnes }))).status, 403);
    assert.equal((await c.post(`/o/${B}/inventory/${id}`, form(role, { tool: T.gamma, school: S.nordnes, grades: '1' }))).status, 403);
    assert.equal((await c.post(`/o/${B}/inventory/${id}/delete`, { _csrf: C[role].csrf, confirm: 'on' })).status, 403);
    assert.equal((await importCsv(role, `${HEADER}\nTestverktøy Beta,Nordnes skole,,,,,,,,,,,,,\n`)).status, 403);
    assert.equal((await c.post(`/o/${B}/inventory/${id}/screening`, { _csrf: C[role].csrf, personal_data: 'no' })).status, 403);
  }
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
});

test('a school leader keeps their own school and only reads the rows for the whole municipality', async () => {
  const own = putRow(B, T.alfa, S.nordnes, { grades: '1' });
  const other = putRow(B, T.alfa, S.slett, { grades: '2' });
  const whole = idOf(B, T.alfa, 0) || putRow(B, T.alfa, 0);
  const { c, csrf } = C.school_leader;

  const list = await c.get(`/o/${B}/inventory`);
  assert.equal(list.status, 200);
  assert.ok(list.text.includes(`/inventory/${own}"`));
  assert.ok(list.text.includes(`/inventory/${whole}"`));
  assert.ok(!list.text.includes(`/inventory/${other}"`), 'shows a row of another school');
  assert.ok(!list.text.includes('Slettebakken skole'));

  assert.equal((await c.get(`/o/${B}/inventory/${other}`)).status, 403);
  assert.equal((await c.get(`/o/${B}/inventory/${other}/screening`)).status, 403);
  const wp = await c.get(`/o/${B}/inventory/${whole}`);
  assert.equal(wp.status, 200);
  assert.ok(!wp.text.includes(`action="/o/${B}/inventory/${whole}"`), 'an edit form for a whole-municipality row');
  // The add form offers only the leader's school.
  const nf = await c.get(`/o/${B}/inventory/new`);
  const schoolSelect = /<select[^>]*name="school"[^>]*>([\s\S]*?)<\/select>/.exec(nf.text)[1];
  const offered = [...schoolSelect.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(offered, [S.nordnes]);

  const before = dbSnapshot(srv.db, TABLES);
  const denied = [
    await c.post(`/o/${B}/inventory/new`, { _csrf: csrf, tool: T.beta, school: S.slett, state: 'in_use' }),
    await c.post(`/o/${B}/inventory/new`, { _csrf: csrf, tool: T.beta, school: 0, state: 'in_use' }),
    await c.post(`/o/${B}/inventory/${other}`, { _csrf: csrf, tool: T.alfa, school: S.slett, grades: '9', state: 'in_use' }),
    await c.post(`/o/${B}/inventory/${whole}`, { _csrf: csrf, tool: T.alfa, school: 0, grades: '9', state: 'in_use' }),
    await c.post(`/o/${B}/inventory/${own}`, { _csrf: csrf, tool: T.alfa, school: S.slett, grades: '9', state: 'in_use' }),
    await c.post(`/o/${B}/inventory/${other}/delete`, { _csrf: csrf, confirm: 'on' }),
    await c.post(`/o/${B}/inventory/${whole}/delete`, { _csrf: csrf, confirm: 'on' }),
    await c.post(`/o/${B}/inventory/${own}/screening`, { _csrf: csrf, personal_data: 'no' }),
  ];
  assert.deepEqual(denied.map((x) => x.status), [403, 403, 403, 403, 403, 403, 403, 403]);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);

  // Their own school: add, change, delete.
  const add = await c.post(`/o/${B}/inventory/new`, { _csrf: csrf, tool: T.beta, school: S.nordnes, state: 'in_use', grades: '3-4' });
  assert.equal(add.status, 303);
  const mine = idOf(B, T.beta, S.nordnes);
  const upd = await c.post(`/o/${B}/inventory/${own}`, { _csrf: csrf, tool: T.alfa, school: S.nordnes, grades: '4', state: 'trial' });
  assert.equal(upd.status, 303);
  assert.equal(rowOf(own).grades, '4');
  assert.equal((await c.post(`/o/${B}/inventory/${mine}/delete`, { _csrf: csrf, confirm: 'on' })).status, 303);
  assert.equal(rowOf(mine), null);
  // They may read the screening of their own row, not carry it out.
  const sp = await c.get(`/o/${B}/inventory/${own}/screening`);
  assert.equal(sp.status, 200);
  assert.ok(!sp.text.includes('name="personal_data"'));
});

test('deleting asks for confirmation, takes screenings and to-dos along, and is audited', async () => {
  const id = putRow(B, T.gamma, S.slett);
  const { c, csrf } = C.org_admin;
  assert.equal((await c.post(`/o/${B}/inventory/${id}/screening`, {
    _csrf: csrf, personal_data: 'yes', q_pupils: 'on', q_processor: 'on',
  })).status, 303);
  assert.ok(Number(dbValue(srv.db, `SELECT COUNT(*) FROM todos WHERE inventory_id = ${id}`)) > 0);
  const before = dbSnapshot(srv.db, TABLES);
  const no = await c.post(`/o/${B}/inventory/${id}/delete`, { _csrf: csrf });
  assert.equal(no.status, 400);
  assert.match(no.text, /Tick the box/);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
  const yes = await c.post(`/o/${B}/inventory/${id}/delete`, { _csrf: csrf, confirm: 'on' });
  assert.equal(yes.status, 303);
  assert.equal(yes.location, `/o/${B}/inventory?m=deleted`);
  assert.equal(rowOf(id), null);
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM todos WHERE inventory_id = ${id}`), '0');
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM screenings WHERE inventory_id = ${id}`), '0');
  const [[detail]] = dbQuery(srv.db, `SELECT detail FROM audit WHERE org_id = ${B} AND action = 'inventory.delete' AND object_id = ${id} ORDER BY seq DESC LIMIT 1`);
  assert.equal(JSON.parse(detail).before.tool_id, T.gamma);
  assert.equal((await c.get(`/o/${B}/inventory/${id}`)).status, 404);
});

test('the list filters by school and by state', async () => {
  const { c } = C.adviser;
  const whole = text((await c.get(`/o/${B}/inventory?school=org`)).text);
  assert.match(whole, /Testverktøy Alfa/);
  assert.ok(!whole.includes('Nordnes skole 1'), 'a school row in the whole-municipality filter');
  const nordnes = await c.get(`/o/${B}/inventory?school=${S.nordnes}`);
  const rows = [...nordnes.text.matchAll(/<tr><th scope="row">[\s\S]*?<\/tr>/g)].map((m) => text(m[0]));
  assert.ok(rows.length > 0);
  for (const r of rows) assert.match(r, /Nordnes skole/);
  const trial = await c.get(`/o/${B}/inventory?state=trial`);
  for (const m of trial.text.matchAll(/<tr><th scope="row">[\s\S]*?<\/tr>/g)) assert.match(text(m[0]), / Trial /);
  assert.equal((await c.get(`/o/${B}/inventory?state=retired`)).status, 400);
  assert.equal((await c.get(`/o/${B}/inventory?school=x1`)).status, 400);
});

// ---- CSV ----------------------------------------------------------------

test('the export is RFC 4180 with a BOM, parses back strictly, and guards formula cells', async () => {
  const { c } = C.org_admin;
  const id = putRow(B, T.beta, S.slett, { purpose: "=cmd|' /C calc'!A0", responsible: '@Ola, "sjef"', rules: 'Linje 1\nLinje 2' });
  for (const [qs, sep] of [['', ','], ['?sep=semicolon', ';']]) {
    const r = await c.get(`/o/${B}/inventory/export.csv${qs}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.match(r.headers.get('content-disposition'), /^attachment; filename="verktoy-4601\.csv"$/);
    const raw = Buffer.from(await (await fetch(new URL(`/o/${B}/inventory/export.csv${qs}`, srv.base), {
      headers: { cookie: c.cookieHeader() },
    })).arrayBuffer());
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const rows = parseCsvStrict(raw.subarray(3).toString('utf8'), sep);
    assert.deepEqual(rows[0], HEADER.split(','));
    for (const row of rows) assert.equal(row.length, 15);
    const mine = rows.find((x) => x[0] === 'Testverktøy Beta' && x[1] === 'Slettebakken skole');
    assert.ok(mine, 'the row is in the export');
    assert.equal(mine[4], "'=cmd|' /C calc'!A0");
    assert.equal(mine[7], '\'@Ola, "sjef"');
    assert.equal(mine[14], 'Linje 1\nLinje 2');
    assert.equal(rows.length - 1, Number(dbValue(srv.db, `SELECT COUNT(*) FROM inventory WHERE org_id = ${B}`)));
  }
  // Re-importing the export changes no values (the guard is undone).
  const exp = await fetch(new URL(`/o/${B}/inventory/export.csv`, srv.base), { headers: { cookie: c.cookieHeader() } });
  const bytes = Buffer.from(await exp.arrayBuffer());
  const before = dbQuery(srv.db, `SELECT id, tool_id, school_id, grades, pupils, purpose, responsible, usage_rules, state, public FROM inventory WHERE org_id = ${B} ORDER BY id`);
  const imp = await importCsv('org_admin', bytes);
  assert.equal(imp.status, 200, text(imp.text).slice(0, 2000));
  assert.match(text(imp.text), /New rows: 0\. Updated rows: \d+/);
  assert.deepEqual(dbQuery(srv.db, `SELECT id, tool_id, school_id, grades, pupils, purpose, responsible, usage_rules, state, public FROM inventory WHERE org_id = ${B} ORDER BY id`), before);
  assert.equal(rowOf(id).purpose, "=cmd|' /C calc'!A0");
  // The school leader's export holds only what they may see.
  const lead = await C.school_leader.c.get(`/o/${B}/inventory/export.csv`);
  assert.ok(!lead.text.includes('Slettebakken skole'));
});

test('the template has the header and one example line naming a real tool and school', async () => {
  const r = await C.adviser.c.get(`/o/${B}/inventory/template.csv?sep=semicolon`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="verktoy-mal-4601\.csv"$/);
  const rows = parseCsvStrict(r.text.replace(/^\uFEFF/, ''), ';');
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], HEADER.split(','));
  assert.equal(rows[1].length, 15);
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM tools WHERE name = ${q(rows[1][0])}`), '1');
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM schools WHERE org_id = ${B} AND name = ${q(rows[1][1])}`), '1');
});

test('import: UTF-8 with BOM and semicolons creates and updates, and says which lines updated', async () => {
  const existing = idOf(B, T.alfa, S.nordnes) || putRow(B, T.alfa, S.nordnes);
  const body = '\uFEFF' + HEADER.replace(/,/g, ';') + '\r\n'
    + 'testverktøy alfa;Nordnes skole;1-2;40;Oppdatert;name;;Randi;01.09.2024;i bruk;ja;nei;ja;nei;\r\n'
    + 'Ærlig Øving;SLETTEBAKKEN SKOLE;"5,6,7";60;"Øving; mengdetrening";name,schoolwork;userid;;;utprøving;nei;nei;nei;ja;Kun i timene\r\n'
    + ';;;;;;;;;;;;;;\r\n';
  const r = await importCsv('adviser', body);
  assert.equal(r.status, 200, text(r.text).slice(0, 3000));
  const t = text(r.text);
  assert.match(t, /New rows: 1\. Updated rows: 1\./);
  assert.match(t, /Line 2: Testverktøy Alfa – Nordnes skole/);
  const up = rowOf(existing);
  assert.equal(up.grades, '1,2');	// runs of three or more become ranges
  assert.equal(up.purpose, 'Oppdatert');
  assert.equal(up.since, '2024-09-01');
  assert.equal(up.ros, 1);
  const neu = rowOf(idOf(B, T.gamma, S.slett));
  assert.equal(neu.grades, '5-7');
  assert.equal(neu.purpose, 'Øving; mengdetrening');
  assert.equal(neu.state, 'trial');
  assert.equal(neu.public, 1);
  assert.equal(neu.rules, 'Kun i timene');
  const acts = dbQuery(srv.db, `SELECT action FROM audit WHERE org_id = ${B} ORDER BY seq DESC LIMIT 3`).map((x) => x[0]);
  assert.deepEqual(acts.sort(), ['inventory.create', 'inventory.import', 'inventory.update']);
});

test('import: a Windows-1252 file (what Excel writes) is detected and read', async () => {
  const latin = `${HEADER}\r\n`.replace(/,/g, ';')
    + 'Bergens eget forslag;Åstveit skole;;;Blåbær og ærfugl;;;Søren Ås;;utfases;nei;nei;nei;nei;Regel \u2013 streng\r\n';
  // Encode as Windows-1252: Latin-1 letters as themselves, the en dash as 0x96.
  const bytes = Buffer.from(latin.replace('\u2013', '\x96'), 'latin1');
  assert.ok(bytes.includes(0xe5) && bytes.includes(0x96));
  const r = await importCsv('org_admin', bytes);
  assert.equal(r.status, 200, text(r.text).slice(0, 3000));
  assert.match(text(r.text), /read as Windows-1252/);
  const row = rowOf(idOf(B, T.prop, S.astveit));
  assert.equal(row.purpose, 'Blåbær og ærfugl');
  assert.equal(row.responsible, 'Søren Ås');
  assert.equal(row.rules, 'Regel – streng');
  assert.equal(row.state, 'phasing_out');
});

test('import errors are listed per line and nothing is imported', async () => {
  const before = dbSnapshot(srv.db, TABLES);
  const cases = [
    // wrong columns (header)
    [`verktøy,skole,trinn\nTestverktøy Alfa,,\n`, [/Column missing: elever/, /Column missing: bruksregler/]],
    // wrong columns (line), unknown tool, unknown school, bad values, duplicates in the file
    [`${HEADER}\n`
      + 'Testverktøy Alfa,,1-4,,,,,,,,,,,,\n'
      + 'Testverktøy Alfa,Nordnes skole\n'
      + 'Finnes Ikke,,,,,,,,,,,,,,\n'
      + 'Testverktøy Beta,Narnia skole,,,,,,,,,,,,,\n'
      + 'Testverktøy Beta,Slettebakken skole,0-3,mange,,skostørrelse,,,2023-02-30,kanskje,jepp,,,,\n'
      + 'Nordre Follos forslag,,,,,,,,,,,,,,\n'
      + 'testverktøy alfa,hele kommunen,,,,,,,,,,,,,\n', [
      /Line 3: The line does not have the same number of columns as the header: 2 /,
      /Line 4: No tool with this name in the catalogue or among your proposals: Finnes Ikke /,
      /Line 5: No school with this name in your organisation: Narnia skole /,
      /Line 6: Grades go from 1 to 13/,
      /Line 6: Pupils must be a whole number/,
      /Line 6: Unknown data category: skostørrelse /,
      /Line 6: Enter a real date/,
      /Line 6: Choose in use, trial or being phased out/,
      /Line 6: Write ja or nei: ros: jepp /,
      /Line 7: No tool with this name in the catalogue or among your proposals: Nordre Follos forslag /,
      /Line 8: The same tool and school are already on line: 2 /,
    ]],
    // mixed encodings: UTF-8 on line 2, Windows-1252 on line 3
    [Buffer.concat([Buffer.from(`${HEADER}\nTestverktøy Alfa,,,,Blå,,,,,,,,,,\n`, 'utf8'),
      Buffer.from('Testverktøy Beta,,,,Bl\xe5,,,,,,,,,,\n', 'latin1')]), [/Line 3: The file mixes two encodings.*: 1 /]],
    // a byte Windows-1252 does not define
    [Buffer.from(`${HEADER}\nTestverkt\xf8y Alfa,,,,\x81,,,,,,,,,,\n`, 'latin1'), [/Line 2: The file is neither UTF-8 nor Windows-1252.*0x81/]],
    // only the header
    [`${HEADER}\n`, [/no lines below the header/]],
  ];
  for (const [body, wants] of cases) {
    const r = await importCsv('org_admin', body);
    assert.equal(r.status, 400, text(r.text).slice(0, 2000));
    const t = text(r.text);
    assert.match(t, /Nothing was imported/);
    for (const w of wants) assert.match(t, w);
  }
  const empty = await C.org_admin.c.post(`/o/${B}/inventory/import`, { _csrf: C.org_admin.csrf });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /Paste the contents/);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
});

test('import: more than 10 MB or more than 20000 lines is refused with a clear message', async () => {
  const before = dbSnapshot(srv.db, TABLES);
  const line = `Testverktøy Alfa,,,,${'a'.repeat(500)},,,,,,,,,,\n`;
  const big = HEADER + '\n' + line.repeat(Math.ceil((10.2 * 1024 * 1024) / line.length));
  assert.ok(Buffer.byteLength(big) > 10 * 1024 * 1024);
  const r = await importCsv('org_admin', big);
  assert.equal(r.status, 400);
  assert.match(text(r.text), /larger than 10 MB/);
  const many = HEADER + '\n' + Array.from({ length: 20001 }, (_, i) => `Testverktøy Alfa,,${(i % 13) + 1},,,,,,,,,,,,\n`).join('');
  const m = await importCsv('org_admin', many);
  assert.equal(m.status, 400);
  assert.match(text(m.text), /more than 20000 lines/);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
  assert.equal((await new Client(srv.base).get('/healthz')).status, 200);
});

test("import by a school leader: lines for other schools or the whole municipality are refused, nothing imported", async () => {
  const before = dbSnapshot(srv.db, TABLES);
  const r = await importCsv('school_leader', `${HEADER}\n`
    + 'Testverktøy Beta,Nordnes skole,,,,,,,,,,,,,\n'
    + 'Testverktøy Beta,Slettebakken skole,,,,,,,,,,,,,\n'
    + 'Testverktøy Beta,,,,,,,,,,,,,,\n');
  assert.equal(r.status, 400);
  const t = text(r.text);
  assert.match(t, /Line 3: You can only change rows for your own schools/);
  assert.match(t, /Line 4: You can only change rows for your own schools, not for the whole organisation/);
  assert.ok(!/Line 2:/.test(t));
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
  const ok = await importCsv('school_leader', `${HEADER}\nTestverktøy Beta,Nordnes skole,7,,,,,,,,,,,,\n`);
  assert.equal(ok.status, 200);
  assert.equal(rowOf(idOf(B, T.beta, S.nordnes)).grades, '7');
});

// ---- screening ----------------------------------------------------------

test('screening: the result with reasons, stored with its date; to-dos without duplicates, closed when no longer needed', async () => {
  const id = putRow(B, T.prop, S.nordnes, { grades: '5-7' });
  dbExec(srv.db, `UPDATE inventory SET has_dba = 1 WHERE id = ${id} RETURNING id`);
  const { c, csrf } = C.adviser;
  const page = await c.get(`/o/${B}/inventory/${id}/screening`);
  assert.equal(page.status, 200);
  assert.match(page.text, /has not been screened yet/);
  // Suggested from the row: grades mean pupils.
  assert.match(page.text, /name="q_pupils" checked/);

  const missing = await c.post(`/o/${B}/inventory/${id}/screening`, { _csrf: csrf, q_pupils: 'on' });
  assert.equal(missing.status, 400);
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM screenings WHERE inventory_id = ${id}`), '0');

  // Kahoot-like: pupils (vulnerable) and scoring -> DPIA; the vendor processes -> DBA (present).
  const kahoot = { _csrf: csrf, personal_data: 'yes', q_pupils: 'on', q_evaluation: 'on', q_processor: 'on' };
  const r = await c.post(`/o/${B}/inventory/${id}/screening`, kahoot);
  assert.equal(r.status, 303);
  assert.equal(r.location, `/o/${B}/inventory/${id}/screening?m=screened`);
  const shown = text((await c.get(r.location)).text);
  assert.match(shown, /The screening has been saved/);
  assert.match(shown, /Data protection impact assessment \(DPIA\): Required/);
  assert.match(shown, /Risk and vulnerability assessment \(ROS\): Needed \(missing\)/);
  assert.match(shown, /Data processing agreement \(DBA\): Needed \(in place\)/);
  assert.match(shown, /two or more of the nine criteria/);
  assert.match(shown, /Pupils are children and count as vulnerable data subjects/);
  assert.match(shown, /Screened \d{4}-\d\d-\d\d \d\d:\d\d by Rune Rådgiver/);
  const [[answers, criteria, needsDpia, by, at]] = dbQuery(srv.db, `SELECT answers, criteria, needs_dpia, screened_by, screened_at FROM screenings WHERE inventory_id = ${id}`);
  assert.deepEqual(JSON.parse(criteria).sort(), ['evaluation', 'vulnerable']);
  assert.ok(JSON.parse(answers).yes.includes('pupils'));
  assert.equal(needsDpia, '1');
  assert.equal(by, dbValue(srv.db, "SELECT id FROM users WHERE email = 'radgiver@bergen.demo'"));
  assert.ok(Math.abs(Number(at) - Date.now() / 1000) < 3600);
  const row = rowOf(id);
  assert.deepEqual([row.needs_ros, row.needs_dpia, row.needs_dba], [1, 1, 1]);
  const todos = () => dbQuery(srv.db, `SELECT kind, status FROM todos WHERE inventory_id = ${id} ORDER BY kind, id`).map((x) => x.join(':'));
  assert.deepEqual(todos(), ['dpia:open', 'ros:open']);	// the DBA exists already
  // The list shows "needed" in words.
  const listed0 = (await c.get(`/o/${B}/inventory?school=${S.nordnes}`)).text;
  const tr = [...listed0.matchAll(/<tr><th scope="row">[\s\S]*?<\/tr>/g)].map((m) => text(m[0])).find((x) => x.includes('Bergens eget forslag'));
  assert.match(tr, /No – needed No – needed Yes/);

  // The same answers again: no second to-do.
  assert.equal((await c.post(`/o/${B}/inventory/${id}/screening`, kahoot)).status, 303);
  assert.deepEqual(todos(), ['dpia:open', 'ros:open']);
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM screenings WHERE inventory_id = ${id}`), '2');

  // A well-being survey: one criterion, but a listed case -> still a DPIA.
  assert.equal((await c.post(`/o/${B}/inventory/${id}/screening`, {
    _csrf: csrf, personal_data: 'yes', q_pupil_evaluation: 'on',
  })).status, 303);
  const listed = text((await c.get(`/o/${B}/inventory/${id}/screening`)).text);
  assert.match(listed, /DPIA\): Required/);
  assert.match(listed, /Datatilsynet's list/);
  assert.match(listed, /evaluate pupils' learning, mastery or well-being/);
  assert.deepEqual(todos(), ['dpia:open', 'ros:open']);

  // No personal data after all: nothing needed, the screening's to-dos closed.
  assert.equal((await c.post(`/o/${B}/inventory/${id}/screening`, { _csrf: csrf, personal_data: 'no' })).status, 303);
  assert.deepEqual(todos(), ['dpia:done', 'ros:done']);
  assert.deepEqual([rowOf(id).needs_ros, rowOf(id).needs_dpia, rowOf(id).needs_dba], [0, 0, 0]);
  assert.match(text((await c.get(`/o/${B}/inventory/${id}/screening`)).text), /does not process personal data/);
  // Needed again: one new open to-do each.
  assert.equal((await c.post(`/o/${B}/inventory/${id}/screening`, kahoot)).status, 303);
  assert.deepEqual(todos(), ['dpia:done', 'dpia:open', 'ros:done', 'ros:open']);
  const audits = dbQuery(srv.db, `SELECT COUNT(*) FROM audit WHERE org_id = ${B} AND action = 'screening.create'`)[0][0];
  assert.ok(Number(audits) >= 5);
  // The data protection officer reads it; cannot answer.
  const dpo = await C.dpo.c.get(`/o/${B}/inventory/${id}/screening`);
  assert.equal(dpo.status, 200);
  assert.match(text(dpo.text), /DPIA\): Required/);
  assert.ok(!dpo.text.includes('name="personal_data"'));
});

// ---- the public page ----------------------------------------------------

test('the public page needs no login and shows only rows marked public, and only public fields', async () => {
  putRow(B, T.alfa, S.astveit, { public: 1, rules: 'Offentlig regel for Åstveit', purpose: 'Intern formålstekst', responsible: 'Hemmelig Person' });
  putRow(B, T.gamma, 0, { public: 0, rules: 'Skjult regel' });
  putRow(NF, T.alfa, S.nf, { public: 1, rules: 'Regel i Nordre Follo' });
  const anon = new Client(srv.base);
  const r = await anon.get('/public/4601');
  assert.equal(r.status, 200);
  const t = text(r.text);
  assert.match(t, /Åstveit skole/);
  assert.match(t, /Offentlig regel for Åstveit/);
  assert.ok(!t.includes('Skjult regel'));
  assert.ok(!t.includes('Bergens eget forslag'));
  assert.ok(!t.includes('Intern formålstekst'));
  assert.ok(!t.includes('Hemmelig Person'));
  assert.ok(!t.includes('Regel i Nordre Follo'));
  assert.match(r.text, /<caption>Åstveit skole<\/caption>/);
  // Every tool named on the page is a public Bergen row.
  const shown = [...r.text.matchAll(/<tr><th scope="row">([^<]*)<\/th>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  const pub = dbQuery(srv.db, `SELECT t.name FROM inventory i JOIN tools t ON t.id = i.tool_id WHERE i.org_id = ${B} AND i.public = 1`).map((x) => x[0]);
  assert.equal(shown.length, pub.length);
  for (const name of shown) assert.ok(pub.includes(name), `${name} shown but not public`);
  assert.equal(anon.cookie('skolesec_sid'), undefined);
  for (const p of ['/public/9999', '/public/abc', '/public/46011', '/public/']) {
    assert.equal((await anon.get(p)).status, 404, p);
  }
  const nf = text((await anon.get('/public/3207')).text);
  assert.match(nf, /Regel i Nordre Follo/);
  assert.ok(!nf.includes('Offentlig regel for Åstveit'));
});

// ---- JSON ---------------------------------------------------------------

test('the JSON API lists what the role may see', async () => {
  const r = await C.org_admin.c.get(`/api/v1/o/${B}/inventory`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const j = JSON.parse(r.text);
  assert.equal(j.org.id, B);
  assert.equal(j.org.number, '4601');
  assert.equal(j.count, Number(dbValue(srv.db, `SELECT COUNT(*) FROM inventory WHERE org_id = ${B}`)));
  assert.equal(j.items.length, j.count);
  const alfa = j.items.find((x) => x.tool.id === T.alfa && x.school === null);
  assert.ok(alfa);
  assert.equal(alfa.grades, '1-3');
  assert.deepEqual(alfa.data_categories, ['name', 'schoolwork']);
  assert.equal(alfa.has_dba, true);
  assert.equal(alfa.needs_dpia, null);
  const lead = JSON.parse((await C.school_leader.c.get(`/api/v1/o/${B}/inventory`)).text);
  for (const it of lead.items) assert.ok(it.school === null || it.school.id === S.nordnes, JSON.stringify(it.school));
  const trial = JSON.parse((await C.reader.c.get(`/api/v1/o/${B}/inventory?state=trial`)).text);
  for (const it of trial.items) assert.equal(it.state, 'trial');
  assert.equal((await C.nf_admin.c.get(`/api/v1/o/${B}/inventory`)).status, 403);
  assert.equal((await new Client(srv.base).get(`/api/v1/o/${B}/inventory`)).status, 303);
});

// ---- tenants --------------------------------------------------------------

test("ids of another municipality's rows reach nothing (404 under one's own, 403 under theirs) and change nothing", async () => {
  const nfRows = dbQuery(srv.db, `SELECT id FROM inventory WHERE org_id = ${NF}`).map((x) => Number(x[0]));
  assert.ok(nfRows.length > 0);
  const before = dbSnapshot(srv.db, TABLES);
  const { c, csrf } = C.org_admin;
  for (const id of nfRows) {
    for (const [m, p, st] of [
      ['GET', `/o/${B}/inventory/${id}`, 404], ['GET', `/o/${B}/inventory/${id}/screening`, 404],
      ['POST', `/o/${B}/inventory/${id}`, 404], ['POST', `/o/${B}/inventory/${id}/delete`, 404],
      ['POST', `/o/${B}/inventory/${id}/screening`, 404],
      ['GET', `/o/${NF}/inventory/${id}`, 403], ['POST', `/o/${NF}/inventory/${id}/delete`, 403],
      ['GET', `/o/${NF}/inventory/export.csv`, 403], ['GET', `/api/v1/o/${NF}/inventory`, 403],
    ]) {
      const r = m === 'GET' ? await c.get(p) : await c.post(p, { _csrf: csrf, confirm: 'on', tool: T.alfa, school: 0, state: 'in_use', personal_data: 'no' });
      assert.equal(r.status, st, `${m} ${p}`);
      assert.ok(!r.text.includes('Ski skole'), `${m} ${p} names a Nordre Follo school`);
    }
  }
  // A Nordre Follo school or proposal in Bergen's own forms.
  const a = await c.post(`/o/${B}/inventory/new`, form('org_admin', { tool: T.alfa, school: S.nf }));
  assert.equal(a.status, 400);
  const imp = await importCsv('org_admin', `${HEADER}\nTestverktøy Alfa,Ski skole,,,,,,,,,,,,,\n`);
  assert.equal(imp.status, 400);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
  // And the other way round.
  const bRow = idOf(B, T.alfa, 0);
  assert.equal((await C.nf_admin.c.get(`/o/${NF}/inventory/${bRow}`)).status, 404);
  assert.equal((await C.nf_admin.c.get(`/o/${B}/inventory/${bRow}`)).status, 403);
});

test('every change above is in the hash-chained audit log, which verifies', async () => {
  const ok = await runBin(['audit', 'verify', '--db', srv.db]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  const acts = new Set(dbQuery(srv.db, `SELECT DISTINCT action FROM audit WHERE org_id = ${B}`).map((x) => x[0]));
  for (const a of ['inventory.create', 'inventory.update', 'inventory.delete', 'inventory.import', 'screening.create']) {
    assert.ok(acts.has(a), `no ${a} in the audit log`);
  }
});
