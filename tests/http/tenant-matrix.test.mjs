// Tenant isolation and the permission table, walked route by route.
//
// skolesec holds the data of many municipalities in one database; the one
// thing it must never do is show or change one organisation's data to
// another's staff. This file takes every route of src/pages/routes.c that
// names an organisation, and for each of Bergen's five demo users (one per
// role) tries it against Nordre Follo's organisation, schools and users,
// with the user's own valid CSRF token, then checks the status, that the
// page names nothing of Nordre Follo, and that the database is unchanged.
// It also guesses every organisation id, checks each role inside Bergen
// against a permission table written here (not read from the server), the
// last-administrator rule, and that changes land in the hash-chained audit
// log, which `skolesec audit verify` checks and which detects tampering.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, startServer, Client, csrfFrom, csrfOf, loggedIn, dbQuery, dbValue, dbExec,
  dbSnapshot, orgIdOf, runBin,
} from './lib.mjs';

// ---- the expectations (written from the design, not from the server) ----

const ROLES = ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'];
const BERGEN_USERS = {
  org_admin: 'admin@bergen.demo',
  adviser: 'radgiver@bergen.demo',
  school_leader: 'rektor@bergen.demo',
  dpo: 'pvo@bergen.demo',
  reader: 'leser@bergen.demo',
};

// Status for each Bergen role on each organisation route, inside Bergen.
// Schools: "own" is Nordnes skole (the school leader's school), "other" is
// another Bergen school. Columns follow ROLES.
const ALLOW = 200;
const DENY = 403;
const EXPECT = {
  'GET /o/:org':                        [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/schools':                [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/schools/:id own':        [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/schools/:id other':      [ALLOW, ALLOW, DENY, ALLOW, ALLOW],
  'GET /o/:org/users':                  [ALLOW, ALLOW, DENY, ALLOW, DENY],
  'POST /o/:org/users/invite':          [ALLOW, DENY, DENY, DENY, DENY],
  'POST /o/:org/users/:uid/roles':      [ALLOW, DENY, DENY, DENY, DENY],
  'GET /o/:org/users/:uid/schools':     [ALLOW, DENY, DENY, DENY, DENY],
  'POST /o/:org/users/:uid/schools':    [ALLOW, DENY, DENY, DENY, DENY],
  'GET /o/:org/audit':                  [ALLOW, DENY, DENY, ALLOW, DENY],
  // Proposing a catalogue tool (A_INVENTORY_EDIT). The matrix posts no tool
  // name, so an allowed post is refused by the form (400) and adds nothing.
  'GET /o/:org/tools/propose':          [ALLOW, ALLOW, ALLOW, DENY, DENY],
  'POST /o/:org/tools/propose':         [400, 400, 400, DENY, DENY],
  // Maturity (A_MATURITY_VIEW / A_MATURITY_EDIT). :id is Bergen's latest
  // (closed) demo round and :n area 1, so allowed posts are refused by the
  // form (no title: 400) or by the closed round (409) and change nothing.
  'GET /o/:org/maturity':                         [ALLOW, ALLOW, DENY, ALLOW, ALLOW],
  'POST /o/:org/maturity/rounds':                 [400, 400, DENY, DENY, DENY],
  'GET /o/:org/maturity/rounds/:id':              [ALLOW, ALLOW, DENY, ALLOW, ALLOW],
  'GET /o/:org/maturity/rounds/:id/areas/:n':     [ALLOW, ALLOW, DENY, ALLOW, ALLOW],
  'POST /o/:org/maturity/rounds/:id/areas/:n':    [409, 409, DENY, DENY, DENY],
  'POST /o/:org/maturity/rounds/:id/close':       [409, 409, DENY, DENY, DENY],
  // Inventory (A_INVENTORY_VIEW / _EDIT, A_SCREENING_EDIT). :id is a Bergen
  // row at Nordnes skole ("own", the school leader's) or at Slettebakken
  // ("other"). The matrix posts no tool, school, file, confirmation or
  // answers, so an allowed post is refused by the form (400) and changes
  // nothing; without a school a post means a row for the whole
  // municipality, which a school leader may not write (403).
  'GET /o/:org/inventory':                        [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/inventory/new':                    [ALLOW, ALLOW, ALLOW, DENY, DENY],
  'POST /o/:org/inventory/new':                   [400, 400, DENY, DENY, DENY],
  'GET /o/:org/inventory/export.csv':             [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/inventory/template.csv':           [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/inventory/import':                 [ALLOW, ALLOW, ALLOW, DENY, DENY],
  'POST /o/:org/inventory/import':                [400, 400, 400, DENY, DENY],
  'GET /o/:org/inventory/:id own':                [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/inventory/:id other':              [ALLOW, ALLOW, DENY, ALLOW, ALLOW],
  'POST /o/:org/inventory/:id own':               [400, 400, DENY, DENY, DENY],
  'POST /o/:org/inventory/:id other':             [400, 400, DENY, DENY, DENY],
  'POST /o/:org/inventory/:id/delete own':        [400, 400, 400, DENY, DENY],
  'POST /o/:org/inventory/:id/delete other':      [400, 400, DENY, DENY, DENY],
  'GET /o/:org/inventory/:id/screening own':      [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/inventory/:id/screening other':    [ALLOW, ALLOW, DENY, ALLOW, ALLOW],
  'POST /o/:org/inventory/:id/screening own':     [400, 400, DENY, DENY, DENY],
  'GET /api/v1/o/:org/inventory':                 [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  // Programmes (issue 7). The network's pages need A_PROGRAMME_MANAGE
  // (regional advisers), which no Bergen role holds; participation is the
  // org admin's (A_PROGRAMME_JOIN): the matrix posts no programme, task or
  // answers, so an allowed post is refused by the form (400) and changes
  // nothing. Commenting comes only through a programme consent (none here).
  'GET /o/:org/programmes':                       [DENY, DENY, DENY, DENY, DENY],
  'POST /o/:org/programmes':                      [DENY, DENY, DENY, DENY, DENY],
  'GET /o/:org/programmes/:id':                   [DENY, DENY, DENY, DENY, DENY],
  'POST /o/:org/programmes/:id/phases':           [DENY, DENY, DENY, DENY, DENY],
  'POST /o/:org/programmes/:id/advisers':         [DENY, DENY, DENY, DENY, DENY],
  'POST /o/:org/programmes/:id/applications':     [DENY, DENY, DENY, DENY, DENY],
  'POST /o/:org/programmes/:id/participants':     [DENY, DENY, DENY, DENY, DENY],
  'POST /o/:org/programmes/:id/workshops':        [DENY, DENY, DENY, DENY, DENY],
  'POST /o/:org/programmes/:id/tasks':            [DENY, DENY, DENY, DENY, DENY],
  'GET /o/:org/programmes/:id/dashboard':         [DENY, DENY, DENY, DENY, DENY],
  'GET /o/:org/programmes/:id/evaluation':        [DENY, DENY, DENY, DENY, DENY],
  'GET /o/:org/programmes/:id/report':            [DENY, DENY, DENY, DENY, DENY],
  'GET /o/:org/programmes/:id/report.pdf':        [DENY, DENY, DENY, DENY, DENY],
  'GET /o/:org/participation':                    [ALLOW, DENY, DENY, DENY, DENY],
  'POST /o/:org/participation/apply':             [400, DENY, DENY, DENY, DENY],
  'POST /o/:org/participation/consent':           [400, DENY, DENY, DENY, DENY],
  'POST /o/:org/participation/evaluation':        [400, DENY, DENY, DENY, DENY],
  'POST /o/:org/participation/tasks':             [400, DENY, DENY, DENY, DENY],
  'POST /o/:org/participation/documents':         [400, DENY, DENY, DENY, DENY],
  'POST /o/:org/participation/goals':             [400, DENY, DENY, DENY, DENY],
  'POST /o/:org/maturity/rounds/:id/comments':    [DENY, DENY, DENY, DENY, DENY],
  'POST /o/:org/advice/plan':                     [DENY, DENY, DENY, DENY, DENY],
  // DBA register and signed document (A_ASSESS_VIEW / A_ASSESS_EDIT). :id is
  // an assessment id that does not exist, so an allowed request is a 404
  // and the upload changes nothing (tests/http/dba.test.mjs does the rest).
  'GET /o/:org/dba':                              [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  // Tool decisions (A_ASSESS_VIEW / A_DECISION_EDIT). :tool is a tool in
  // Bergen's inventory; the matrix posts no status, so an allowed post is
  // refused by the form (400) and changes nothing. DPIA forms (A_ASSESS_EDIT,
  // the advice A_DPO_ADVICE): :id is an assessment that does not exist, so
  // an allowed post is a 404 (tests/http/dpia.test.mjs does the rest).
  'GET /o/:org/decisions':                        [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/decisions/:tool':                  [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'POST /o/:org/decisions/:tool':                 [400, 400, DENY, DENY, DENY],
  'POST /o/:org/assessments/:id/dpia/level':       [404, 404, DENY, DENY, DENY],
  'POST /o/:org/assessments/:id/dpia/advice':      [DENY, DENY, DENY, 404, DENY],
  'POST /o/:org/assessments/:id/dpia/conclusions': [404, 404, DENY, DENY, DENY],
  'POST /o/:org/assessments/:id/document':        [404, 404, DENY, DENY, DENY],
  'GET /o/:org/assessments/:id/document.pdf':     [404, 404, 404, 404, 404],
  // Assessments, core (issue 4: A_ASSESS_VIEW / A_ASSESS_EDIT / A_DPO_ADVICE /
  // A_ASSESS_APPROVE). :id is an assessment that does not exist, so an
  // allowed request on it is a 404 (the item, workflow and comment posts
  // decide finer rules after loading it); the matrix posts no kind, title or
  // matrix values, so allowed creates and matrix saves are refused by the
  // form (400). tests/http/assessment.test.mjs does the rest.
  'GET /o/:org/assessments':                      [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/assessments/new':                  [ALLOW, ALLOW, DENY, DENY, DENY],
  'POST /o/:org/assessments/new':                 [400, 400, DENY, DENY, DENY],
  'GET /o/:org/assessments/:id':                  [404, 404, 404, 404, 404],
  'POST /o/:org/assessments/:id/header':          [404, 404, DENY, DENY, DENY],
  'POST /o/:org/assessments/:id/items':           [404, 404, DENY, DENY, DENY],
  'GET /o/:org/assessments/:id/items/:uid':       [404, 404, 404, 404, 404],
  'POST /o/:org/assessments/:id/items/:uid':      [404, 404, 404, 404, 404],
  'POST /o/:org/assessments/:id/items/:uid/delete': [404, 404, DENY, DENY, DENY],
  'POST /o/:org/assessments/:id/steps':           [404, 404, 404, 404, 404],
  'POST /o/:org/assessments/:id/comments':        [404, 404, 404, 404, 404],
  'GET /o/:org/assessments/:id/versions/:n':      [404, 404, 404, 404, 404],
  'GET /o/:org/assessments/:id/compare':          [404, 404, 404, 404, 404],
  'GET /o/:org/risk-matrix':                      [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'POST /o/:org/risk-matrix':                     [400, DENY, DENY, DENY, DENY],
  // Priorities, action plan, report, exports (issue 6: A_PLAN_VIEW /
  // A_PLAN_EDIT / A_REPORT_SIGN). :id is a Bergen demo measure. The matrix
  // posts no title, move, comment or sign-off confirmation, so an allowed
  // post is refused by the form (400) and changes nothing.
  'GET /o/:org/priorities':                       [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'POST /o/:org/priorities/move':                 [400, 400, DENY, DENY, DENY],
  'GET /o/:org/priorities/export.csv':            [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/priorities/export.xlsx':           [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/plan':                             [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/plan/new':                         [ALLOW, ALLOW, DENY, DENY, DENY],
  'POST /o/:org/plan/new':                        [400, 400, DENY, DENY, DENY],
  'GET /o/:org/plan/export.csv':                  [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/plan/export.xlsx':                 [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/plan/:id':                         [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'POST /o/:org/plan/:id':                        [400, 400, DENY, DENY, DENY],
  'POST /o/:org/plan/:id/comments':               [400, 400, DENY, DENY, DENY],
  'GET /o/:org/report':                           [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'GET /o/:org/report.pdf':                       [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'POST /o/:org/report/sign':                     [400, DENY, DENY, DENY, DENY],
  'GET /o/:org/exports/inventory.xlsx':           [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  // Sharing (issue 5: A_ORG_VIEW page; A_SHARE_PUBLISH admin; A_SHARE_ADOPT
  // admin + adviser; A_SHARE_NETWORK admin; A_RESOURCE_EDIT admin + adviser).
  // :id is an adoption or resource id that does not exist in Bergen, so
  // allowed requests answer 404; allowed posts without fields answer 400.
  'GET /o/:org/sharing':                          [ALLOW, ALLOW, ALLOW, ALLOW, ALLOW],
  'POST /o/:org/sharing/publish':                 [400, DENY, DENY, DENY, DENY],
  'POST /o/:org/sharing/networks':                [400, DENY, DENY, DENY, DENY],
  'POST /o/:org/sharing/adopt':                   [400, 400, DENY, DENY, DENY],
  'POST /o/:org/sharing/import':                  [400, 400, DENY, DENY, DENY],
  'GET /o/:org/sharing/adoptions/:id':            [404, 404, 404, 404, 404],
  'POST /o/:org/sharing/adoptions/:id':           [404, 404, DENY, DENY, DENY],
  'GET /o/:org/resources/new':                    [ALLOW, ALLOW, DENY, DENY, DENY],
  'POST /o/:org/resources':                       [400, 400, DENY, DENY, DENY],
  'GET /o/:org/resources/:id/edit':               [404, 404, DENY, DENY, DENY],
  'POST /o/:org/resources/:id':                   [404, 404, DENY, DENY, DENY],
};

// The same permissions per route suffix, for a role in any organisation
// (used for id guessing, including the admin's reader role in Digi Vestland).
const SUFFIX_ALLOWED = {
  '':         ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'],
  '/schools': ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'],
  '/users':   ['org_admin', 'adviser', 'dpo'],
  '/audit':   ['org_admin', 'dpo'],
  '/maturity': ['org_admin', 'adviser', 'dpo', 'reader'],
  '/inventory': ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'],
  '/dba': ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'],
  '/decisions': ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'],
  '/participation': ['org_admin'],
  '/plan': ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'],
  '/assessments': ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'],
  '/sharing': ['org_admin', 'adviser', 'school_leader', 'dpo', 'reader'],
};

// ---- the route table, read from the source ----

// routes.c plus the pages headers whose *_ROUTES macros it expands.
function routeTable() {
  const dir = path.join(ROOT, 'src', 'pages');
  let src = fs.readFileSync(path.join(dir, 'routes.c'), 'utf8');
  for (const [, h] of src.matchAll(/#include "(\w+\.h)"/g)) {
    if (fs.existsSync(path.join(dir, h))) src += fs.readFileSync(path.join(dir, h), 'utf8');
  }
  const out = [];
  for (const m of src.matchAll(/\{\s*"([A-Z]+)",\s*"([^"]+)",\s*(\w+),\s*(A_\w+),\s*([^}]*)\}/g)) {
    out.push({ method: m[1], pattern: m[2], handler: m[3], action: m[4] });
  }
  return out;
}

const ROUTES = routeTable();
const ORG_ROUTES = ROUTES.filter((r) => r.pattern.includes(':org'));

// ---- state ----

let srv;
let B; // Bergen's org id
let NF; // Nordre Follo's org id
let nf; // { schools: [{id,name}], users: [{id,email,name}], orgName }
let bergenSchools; // { own, other }
let bergenUids; // email -> id
const clients = {}; // role -> { client, csrf }

const TABLES = ['orgs', 'schools', 'users', 'memberships', 'membership_schools', 'invites', 'audit', 'audit_heads', 'schema_migrations'];
TABLES.push('maturity_rounds', 'maturity_answers');
// :id of the maturity routes is a round: Bergen's latest, Nordre Follo's all.
let rounds; // { bergen, nf: [ids] }
const isMaturity = (pattern) => pattern.startsWith('/o/:org/maturity/');
TABLES.push('inventory', 'screenings', 'todos');
// :id of the inventory routes is an inventory row: Bergen's at Nordnes
// (own) and Slettebakken (other), Nordre Follo's all.
let invRows; // { own, other, nf: [ids] }
const isInventory = (pattern) => pattern.startsWith('/o/:org/inventory/');
// :id of the DBA document routes is an assessment: Nordre Follo's all (or
// one that does not exist), and for Bergen one that does not exist.
let dbaIds; // { none, nf: [ids] }
TABLES.push('documents');
const isDbaDoc = (pattern) => /^\/o\/:org\/assessments\/:id\/document/.test(pattern);
// :id of the plan routes is a measure: Bergen's first, Nordre Follo's all.
let planIds; // { own, nf: [ids] }
TABLES.push('plan_measures', 'plan_comments', 'priority_moves', 'report_signoffs');
const isPlan = (pattern) => pattern.startsWith('/o/:org/plan/');
// :id of the DPIA forms is an assessment, as for the DBA document; :tool of
// the decisions is a tool: Nordre Follo's that Bergen does not use, and for
// Bergen one of its own.
TABLES.push('assessments', 'assessment_items', 'tool_decisions');
const isDpia = (pattern) => /^\/o\/:org\/assessments\/:id\/dpia\//.test(pattern);
// Every route on one assessment (issue 4 core): :id as for the DPIA forms.
TABLES.push('assessment_versions', 'assessment_steps', 'assessment_comments', 'risk_matrices');
const isAssess = (pattern) => pattern.startsWith('/o/:org/assessments/:id');
let decTools; // { own, nf: [ids] }
// :id of the sharing routes (issue 5) is an adoption or a resource: Nordre
// Follo's all (or one that does not exist), Bergen's first adoption.
TABLES.push('share_networks', 'share_network_members', 'share_pubs', 'share_pub_tools', 'share_adoptions', 'resources');
const isShare = (pattern) => /^\/o\/:org\/(sharing|resources)\//.test(pattern);
let shareIds; // { none, own, nf: [ids] }

before(async () => {
  srv = await startServer();
  B = orgIdOf(srv.db, 'municipality', '4601');
  NF = orgIdOf(srv.db, 'municipality', '3207');
  nf = {
    orgName: dbValue(srv.db, `SELECT name FROM orgs WHERE id = ${NF}`),
    schools: dbQuery(srv.db, `SELECT id, name FROM schools WHERE org_id = ${NF} ORDER BY id`)
      .map(([id, name]) => ({ id: Number(id), name })),
    users: dbQuery(srv.db, `SELECT DISTINCT u.id, u.email, u.name FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.org_id = ${NF} ORDER BY u.id`)
      .map(([id, email, name]) => ({ id: Number(id), email, name })),
  };
  bergenSchools = {
    own: Number(dbValue(srv.db, `SELECT id FROM schools WHERE org_id = ${B} AND name = 'Nordnes skole'`)),
    other: Number(dbValue(srv.db, `SELECT id FROM schools WHERE org_id = ${B} AND name = 'Slettebakken skole'`)),
  };
  rounds = {
    bergen: Number(dbValue(srv.db, `SELECT MAX(id) FROM maturity_rounds WHERE org_id = ${B}`)),
    nf: dbQuery(srv.db, `SELECT id FROM maturity_rounds WHERE org_id = ${NF}`).map(([id]) => Number(id)),
  };
  assert.ok(rounds.bergen > 0 && rounds.nf.length > 0, 'demo maturity rounds');
  invRows = {
    own: Number(dbValue(srv.db, `SELECT MIN(id) FROM inventory WHERE org_id = ${B} AND school_id = ${bergenSchools.own}`)),
    other: Number(dbValue(srv.db, `SELECT MIN(id) FROM inventory WHERE org_id = ${B} AND school_id = ${bergenSchools.other}`)),
    nf: dbQuery(srv.db, `SELECT id FROM inventory WHERE org_id = ${NF}`).map(([id]) => Number(id)),
  };
  assert.ok(invRows.own > 0 && invRows.other > 0 && invRows.nf.length > 0, 'demo inventory rows');
  {
    const none = Number(dbValue(srv.db, 'SELECT COALESCE(MAX(id), 0) + 1000 FROM assessments'));
    const nfIds = dbQuery(srv.db, `SELECT id FROM assessments WHERE org_id = ${NF}`).map(([id]) => Number(id));
    dbaIds = { none, nf: nfIds.length ? nfIds : [none] };
  }
  decTools = {
    own: Number(dbValue(srv.db, `SELECT MIN(tool_id) FROM inventory WHERE org_id = ${B}`)),
    nf: dbQuery(srv.db, `SELECT DISTINCT tool_id FROM inventory WHERE org_id = ${NF} AND tool_id NOT IN (SELECT tool_id FROM inventory WHERE org_id = ${B})`).map(([id]) => Number(id)),
  };
  assert.ok(decTools.own > 0 && decTools.nf.length > 0, 'demo inventory tools');
  planIds = {
    own: Number(dbValue(srv.db, `SELECT MIN(id) FROM plan_measures WHERE org_id = ${B}`)),
    nf: dbQuery(srv.db, `SELECT id FROM plan_measures WHERE org_id = ${NF}`).map(([id]) => Number(id)),
  };
  assert.ok(planIds.own > 0 && planIds.nf.length > 0, 'demo plan measures');
  {
    const none = Number(dbValue(srv.db, 'SELECT COALESCE(MAX(id), 0) + 1000 FROM assessments'));
    const nfIds = dbQuery(srv.db, `SELECT id FROM share_adoptions WHERE org_id = ${NF} UNION SELECT id FROM resources WHERE org_id = ${NF}`).map(([id]) => Number(id));
    const own = Number(dbValue(srv.db, `SELECT COALESCE(MIN(id), ${none}) FROM share_adoptions WHERE org_id = ${B}`));
    shareIds = { none, own, nf: nfIds.length ? nfIds : [none] };
  }
  bergenUids = Object.fromEntries(dbQuery(srv.db, "SELECT email, id FROM users WHERE email LIKE '%@bergen.demo'")
    .map(([e, id]) => [e, Number(id)]));
  for (const role of ROLES) {
    const client = await loggedIn(srv.base, BERGEN_USERS[role], undefined, { lang: 'en' });
    clients[role] = { client, csrf: await csrfOf(client) };
  }
});

after(async () => {
  await srv?.stop();
});

function fill(pattern, params) {
  return pattern.replace(/:(\w+)/g, (_, k) => {
    assert.ok(params[k] !== undefined, `no value for :${k} in ${pattern}`);
    return String(params[k]);
  });
}

// A body that would make a real change if it were accepted.
function postBody(pattern, csrf, tag) {
  return {
    _csrf: csrf,
    email: `intruder-${tag}@evil.example`,
    role: 'org_admin',
    name: 'Intruder',
    org_admin: 'on',
    adviser: 'on',
    reader: 'on',
    school_leader: 'on',
    school: [...nf.schools.map((x) => x.id), bergenSchools.own],
  };
}

function assertNoLeak(text, what) {
  for (const s of nf.schools) assert.ok(!text.includes(s.name), `${what}: shows ${s.name}`);
  for (const u of nf.users) {
    assert.ok(!text.includes(u.email), `${what}: shows ${u.email}`);
    assert.ok(!text.includes(u.name), `${what}: shows ${u.name}`);
  }
  assert.ok(!text.includes(nf.orgName), `${what}: shows ${nf.orgName}`);
}

// Runs async jobs with at most n in flight.
async function inParallel(jobs, n = 6) {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const j = jobs[next++];
      await j();
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
}

test('the route table is covered by the expectation table', () => {
  assert.ok(ORG_ROUTES.length >= 7, `parsed ${ORG_ROUTES.length} org routes from routes.c`);
  for (const r of ORG_ROUTES) {
    const key = `${r.method} ${r.pattern}`;
    const covered = Object.keys(EXPECT).some((k) => k === key || k.startsWith(`${key} `));
    assert.ok(covered, `route ${key} (${r.action}) has no row in EXPECT: add one`);
  }
  for (const k of Object.keys(EXPECT)) {
    const [method, pattern] = k.split(' ');
    assert.ok(ROUTES.some((r) => r.method === method && r.pattern === pattern), `EXPECT row ${k} names no route`);
  }
});

test('no Bergen role can see or change anything of Nordre Follo through any organisation route', async () => {
  const before = dbSnapshot(srv.db, TABLES);
  const jobs = [];
  const results = [];
  for (const role of ROLES) {
    const { client, csrf } = clients[role];
    for (const r of ORG_ROUTES) {
      // Every combination of Nordre Follo's ids, under Nordre Follo and
      // under Bergen (an object of another organisation via one's own).
      const combos = [];
      for (const org of [NF, B]) {
        const ids = !r.pattern.includes(':id') ? [undefined]
          : isShare(r.pattern) ? shareIds.nf : isMaturity(r.pattern) ? rounds.nf : isInventory(r.pattern) ? invRows.nf
            : isDbaDoc(r.pattern) || isDpia(r.pattern) || isAssess(r.pattern) ? dbaIds.nf : isPlan(r.pattern) ? planIds.nf : nf.schools.map((s) => s.id);
        const uids = r.pattern.includes(':uid') ? nf.users.map((u) => u.id) : [undefined];
        const tools = r.pattern.includes(':tool') ? decTools.nf : [undefined];
        for (const id of ids) for (const uid of uids) for (const t of tools) combos.push({ org, id, uid, tool: t });
        if (org === B && !r.pattern.includes(':id') && !r.pattern.includes(':uid') && !r.pattern.includes(':tool')) combos.pop();
      }
      // Bergen's own ids under Nordre Follo's organisation, too.
      if (r.pattern.includes(':id')) {
        combos.push({ org: NF, uid: bergenUids[BERGEN_USERS[role]], id: isMaturity(r.pattern) ? rounds.bergen : isInventory(r.pattern) ? invRows.own
          : isPlan(r.pattern) ? planIds.own : bergenSchools.own });
      }
      if (r.pattern.includes(':uid')) combos.push({ org: NF, id: dbaIds.none, uid: bergenUids[BERGEN_USERS[role]] });
      if (r.pattern.includes(':tool')) combos.push({ org: NF, tool: decTools.own });
      for (const params of combos) {
        const url = fill(r.pattern, { n: 1, ...params });
        for (const method of ['GET', 'POST']) {
          jobs.push(async () => {
            const res = method === 'GET'
              ? await client.get(url)
              : await client.post(url, postBody(r.pattern, csrf, `${role}-${results.length}`));
            results.push({ role, method, url, declared: method === r.method, res });
          });
        }
      }
    }
    // The organisation switcher takes the org as a query parameter.
    jobs.push(async () => {
      const res = await client.get(`/switch?org=${NF}`);
      results.push({ role, method: 'GET', url: `/switch?org=${NF}`, declared: true, res });
    });
  }
  await inParallel(jobs);
  assert.ok(results.length >= 5 * 2 * 20, `only ${results.length} requests made`);
  for (const { role, method, url, declared, res } of results) {
    const what = `${role} ${method} ${url}`;
    const allowed = declared ? [403, 404] : [403, 404, 405];
    assert.ok(allowed.includes(res.status), `${what} -> ${res.status}`);
    assertNoLeak(res.text, what);
    assert.equal(res.location, null, `${what} redirects to ${res.location}`);
  }
  // Every session is still alive (none was logged out by a refused request).
  for (const role of ROLES) assert.equal((await clients[role].client.get('/account')).status, 200, role);
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before, 'the database changed');
});

test('guessing organisation ids: each Bergen user reaches only their own organisations', async () => {
  const maxId = Number(dbValue(srv.db, 'SELECT MAX(id) FROM orgs'));
  const memberships = {};
  for (const role of ROLES) {
    memberships[role] = new Map(dbQuery(srv.db, `SELECT m.org_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${BERGEN_USERS[role]}'`)
      .map(([o, r]) => [Number(o), r]));
  }
  // Written out for the two cases that matter, as a check on the query above.
  assert.deepEqual([...memberships.org_admin.keys()].sort(), [B, orgIdOf(srv.db, 'network', 'DIGI-VESTLAND')].sort());
  assert.deepEqual([...memberships.reader.keys()], [B]);

  const jobs = [];
  const bad = [];
  let count = 0;
  for (const role of ROLES) {
    const { client } = clients[role];
    for (let id = 1; id <= maxId + 3; id++) {
      for (const suffix of Object.keys(SUFFIX_ALLOWED)) {
        jobs.push(async () => {
          const url = `/o/${id}${suffix}`;
          const res = await client.get(url);
          count++;
          const myRole = memberships[role].get(id);
          const want = myRole && SUFFIX_ALLOWED[suffix].includes(myRole) ? [200] : (myRole ? [403] : [403, 404]);
          if (!want.includes(res.status)) bad.push(`${role} ${url} -> ${res.status}, want ${want}`);
          if (id === NF) {
            try { assertNoLeak(res.text, `${role} ${url}`); } catch (e) { bad.push(e.message); }
          }
        });
      }
    }
  }
  await inParallel(jobs, 8);
  assert.equal(count, jobs.length);
  assert.deepEqual(bad, []);
});

test('inside Bergen each role gets exactly what the permission table says', async () => {
  const inviteCountBefore = Number(dbValue(srv.db, 'SELECT COUNT(*) FROM invites'));
  const rolesBefore = dbSnapshot(srv.db, ['memberships', 'membership_schools']);
  for (const [key, statuses] of Object.entries(EXPECT)) {
    const [method, pattern, variant] = key.split(' ');
    // Roles are posted for the reader, led schools for the school leader,
    // each with what they have already, so an allowed post changes nothing.
    const uid = bergenUids[pattern.endsWith('/schools') ? 'rektor@bergen.demo' : 'leser@bergen.demo'];
    const params = { org: B, uid, id: variant === 'other' ? bergenSchools.other : bergenSchools.own, n: 1 };
    if (isMaturity(pattern)) params.id = rounds.bergen;
    if (isInventory(pattern)) params.id = variant === 'other' ? invRows.other : invRows.own;
    if (isDbaDoc(pattern)) params.id = dbaIds.none;
    if (isPlan(pattern)) params.id = planIds.own;
    if (isDpia(pattern)) params.id = dbaIds.none;
    if (isAssess(pattern)) params.id = dbaIds.none;
    if (isShare(pattern)) params.id = shareIds.none;
    params.tool = decTools.own;
    const url = fill(pattern, params);
    for (let i = 0; i < ROLES.length; i++) {
      const role = ROLES[i];
      const { client, csrf } = clients[role];
      let body;
      if (pattern.endsWith('/invite')) body = { email: `matrix-${role}@bergen.demo`, role: 'reader', _csrf: csrf };
      else if (pattern.endsWith('/schools')) body = { school: bergenSchools.own, _csrf: csrf };
      else body = { reader: 'on', _csrf: csrf };
      const res = method === 'GET' ? await client.get(url) : await client.post(url, body);
      assert.equal(res.status, statuses[i], `${role} ${method} ${url} (${key})`);
    }
  }
  // Only the administrator's invitation was stored; the roles post changed nothing.
  assert.equal(Number(dbValue(srv.db, 'SELECT COUNT(*) FROM invites')), inviteCountBefore + 1);
  assert.deepEqual(dbQuery(srv.db, `SELECT email FROM invites WHERE email LIKE 'matrix-%'`), [['matrix-org_admin@bergen.demo']]);
  assert.deepEqual(dbSnapshot(srv.db, ['memberships', 'membership_schools']), rolesBefore);
});

test("Bergen's administrator cannot hand out Nordre Follo's schools (400, nothing changed)", async () => {
  const { client, csrf } = clients.org_admin;
  const rektor = bergenUids['rektor@bergen.demo'];
  const before = dbSnapshot(srv.db, TABLES);
  for (const s of nf.schools) {
    const lead = await client.post(`/o/${B}/users/${rektor}/schools`, { school: [bergenSchools.own, s.id], _csrf: csrf });
    assert.equal(lead.status, 400, `lead school ${s.id}`);
    assertNoLeak(lead.text, `lead school ${s.id}`);
    const inv = await client.post(`/o/${B}/users/invite`,
      { email: 'leder@bergen.demo', role: 'school_leader', school: s.id, _csrf: csrf });
    assert.equal(inv.status, 400, `invite for school ${s.id}`);
    assertNoLeak(inv.text, `invite for school ${s.id}`);
  }
  assert.deepEqual(dbSnapshot(srv.db, TABLES), before);
  // The same invitation with a Bergen school is accepted (the 400s above
  // were about the school, not the form).
  const ok = await client.post(`/o/${B}/users/invite`,
    { email: 'leder@bergen.demo', role: 'school_leader', school: bergenSchools.other, _csrf: csrf });
  assert.equal(ok.status, 200);
});

test('a school leader sees only their own school in the list and on the overview', async () => {
  const { client } = clients.school_leader;
  const list = await client.get(`/o/${B}/schools`);
  assert.equal(list.status, 200);
  assert.ok(list.text.includes('Nordnes skole'));
  for (const other of ['Slettebakken skole', 'Ytrebygda skole', 'Åstveit skole']) {
    assert.ok(!list.text.includes(other), `school leader's list shows ${other}`);
  }
  // The adviser (all schools) sees all four, as a check that the list is real.
  const all = await clients.adviser.client.get(`/o/${B}/schools`);
  for (const s of ['Nordnes skole', 'Slettebakken skole', 'Ytrebygda skole', 'Åstveit skole']) {
    assert.ok(all.text.includes(s), `adviser's list lacks ${s}`);
  }
  const page = await client.get(`/o/${B}/schools/${bergenSchools.other}`);
  assert.equal(page.status, 403);
  assert.ok(!page.text.includes('Slettebakken skole'));
});

test('the navigation offers only what the role may open', async () => {
  for (const role of ROLES) {
    const res = await clients[role].client.get(`/o/${B}`);
    assert.equal(res.status, 200);
    for (const [suffix, roles] of Object.entries(SUFFIX_ALLOWED)) {
      if (suffix === '') continue;
      const linked = res.text.includes(`href="/o/${B}${suffix}"`);
      assert.equal(linked, roles.includes(role), `${role}: link to ${suffix}`);
    }
  }
});

test('the last organisation administrator cannot remove their own admin role (409, nothing changed)', async () => {
  const { client, csrf } = clients.org_admin;
  const uid = bergenUids['admin@bergen.demo'];
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM memberships WHERE org_id = ${B} AND role = 'org_admin'`), '1');
  const before = dbSnapshot(srv.db, ['memberships', 'audit', 'audit_heads']);
  const res = await client.post(`/o/${B}/users/${uid}/roles`, { reader: 'on', _csrf: csrf });
  assert.equal(res.status, 409);
  assert.match(res.text, /at least one person who can manage its users/i);
  const none = await client.post(`/o/${B}/users/${uid}/roles`, { _csrf: csrf });
  assert.equal(none.status, 409);
  assert.deepEqual(dbSnapshot(srv.db, ['memberships', 'audit', 'audit_heads']), before);
  assert.equal((await client.get(`/o/${B}/users`)).status, 200, 'still an administrator');
});

test('a role that does not fit the organisation kind is refused (400, nothing changed)', async () => {
  const { client, csrf } = clients.org_admin;
  const before = dbSnapshot(srv.db, ['memberships', 'invites']);
  const r1 = await client.post(`/o/${B}/users/${bergenUids['leser@bergen.demo']}/roles`,
    { reader: 'on', national_editor: 'on', _csrf: csrf });
  assert.equal(r1.status, 400);
  const r2 = await client.post(`/o/${B}/users/invite`, { email: 'editor@bergen.demo', role: 'vendor_editor', _csrf: csrf });
  assert.equal(r2.status, 400);
  assert.deepEqual(dbSnapshot(srv.db, ['memberships', 'invites']), before);
});

test('changes made in the UI appear in the change log; audit verify finds the chain intact, then detects tampering', async () => {
  const { client, csrf } = clients.org_admin;
  const leser = bergenUids['leser@bergen.demo'];
  const email = 'audit-trail@bergen.demo';

  const inv = await client.post(`/o/${B}/users/invite`, { email, role: 'dpo', _csrf: csrf });
  assert.equal(inv.status, 200);
  const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(inv.text)?.[1];
  assert.ok(token);
  const roles = await client.post(`/o/${B}/users/${leser}/roles`, { reader: 'on', adviser: 'on', _csrf: csrf });
  assert.equal(roles.status, 200);
  const rektor = bergenUids['rektor@bergen.demo'];
  const lead = await client.post(`/o/${B}/users/${rektor}/schools`,
    { school: [bergenSchools.own, bergenSchools.other], _csrf: csrf });
  assert.equal(lead.status, 200);
  assert.equal(dbValue(srv.db, `SELECT COUNT(*) FROM membership_schools ms JOIN memberships m ON m.id = ms.membership_id WHERE m.user_id = ${rektor}`), '2');
  const guest = new Client(srv.base);
  const form = await guest.get(`/invite/${token}`);
  const acc = await guest.post(`/invite/${token}`, {
    name: 'Audit Trail', password: 'audit-trail-pw', confirm: 'audit-trail-pw', _csrf: csrfFrom(form.text),
  });
  assert.equal(acc.status, 303);

  const log = await client.get(`/o/${B}/audit`);
  assert.equal(log.status, 200);
  const rows = [...log.text.matchAll(/<tr><td>(\d+)<\/td><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td><code>([^<]*)<\/code>/g)]
    .map((m) => ({ seq: Number(m[1]), who: m[2], action: m[3], detail: m[4] }));
  const find = (action, needle) => rows.find((r) => r.action === action && r.detail.includes(needle));
  assert.ok(find('invite.create', email), `no invite.create for ${email} in the log`);
  const set = find('membership.set', 'adviser');
  assert.ok(set, 'no membership.set in the log');
  assert.equal(set.who, 'Berit Admin');
  assert.ok(find('membership.add', 'dpo'), 'no membership.add for the accepted invitation');
  assert.ok(find('membership.schools', String(bergenSchools.other)), 'no membership.schools for the led schools');
  // Nordre Follo's events are not in Bergen's log (its demo memberships are).
  const nfLog = dbQuery(srv.db, `SELECT seq FROM audit WHERE org_id = ${NF}`).length;
  assert.ok(nfLog > 0);
  assertNoLeak(log.text, 'Bergen change log');

  const ok = await runBin(['audit', 'verify', '--db', srv.db]);
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  assert.match(ok.stdout, /intact/);

  // Change one recorded event behind the application's back.
  const [[id, seq, detail]] = dbQuery(srv.db,
    `SELECT id, seq, detail FROM audit WHERE org_id = ${B} AND action = 'membership.set' ORDER BY seq DESC LIMIT 1`);
  const esc = (s) => s.replace(/'/g, "''");
  dbExec(srv.db, `UPDATE audit SET detail = '${esc(detail.replace('adviser', 'org_admin'))}' WHERE id = ${id} RETURNING id`);
  const broken = await runBin(['audit', 'verify', '--db', srv.db]);
  assert.equal(broken.code, 1, broken.stderr + broken.stdout);
  const msg = broken.stdout + broken.stderr;
  assert.match(msg, new RegExp(`organisation ${B}\\b`));
  assert.match(msg, new RegExp(`event ${seq}\\b`));
  assert.match(msg, new RegExp(`id ${id}\\b`));

  // Deleting the newest event is detected too.
  dbExec(srv.db, `UPDATE audit SET detail = '${esc(detail)}' WHERE id = ${id} RETURNING id`);
  assert.equal((await runBin(['audit', 'verify', '--db', srv.db])).code, 0, 'restored row verifies again');
  const [[lastId, lastSeq]] = dbQuery(srv.db, `SELECT id, seq FROM audit WHERE org_id = ${B} ORDER BY seq DESC LIMIT 1`);
  dbExec(srv.db, `DELETE FROM audit WHERE id = ${lastId} RETURNING id`);
  const cut = await runBin(['audit', 'verify', '--db', srv.db]);
  assert.equal(cut.code, 1, cut.stdout);
  assert.match(cut.stdout + cut.stderr, new RegExp(`organisation ${B}: chain head at event ${lastSeq}\\b`));
});
