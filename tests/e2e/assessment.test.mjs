// Browser test of issue 4 ("Vurderinger"): the Bergen adviser takes one
// tool (Kahoot!) from the tool decisions page through a ROS, a DPIA that
// starts from the tool's screening, and a data processing agreement to a
// decision that appears on the public transparency page. The workflow is
// followed as the roles demand: the adviser sends each assessment to the
// DPO, the DPO writes the DPIA advice and sends it on, the administrator
// approves. axe (WCAG 2.0/2.1 A+AA) runs on every page shown.
//
// The scenario runs in English (language cookie), so texts from the
// msgids can be matched; form controls are found by name and label.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, checkA11y, assertPageClean, screenshot,
  navigate, field, logIn,
} from './lib.mjs';
import { dbValue } from '../http/lib.mjs';

const PASSWORD = 'skolesec-demo';
const ADVISER = 'radgiver@bergen.demo';
const DPO = 'pvo@bergen.demo';
const ADMIN = 'admin@bergen.demo';
const TOOL = 'Kahoot!';
const CONDITIONS = 'Bare med Feide-innlogging og uten fulle navn i spill.';

let srv;
let browser;
let B;
let toolId;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  B = Number(dbValue(srv.db, "SELECT id FROM orgs WHERE kind = 'municipality' AND number = '4601'"));
  toolId = Number(dbValue(srv.db, `SELECT id FROM tools WHERE name = '${TOOL}'`));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

// A logged-in person in a fresh context, browsing in English.
async function as(email) {
  const page = await newPage(browser);
  await page.context().addCookies([{ name: 'skolesec_lang', value: 'en', url: srv.base }]);
  await logIn(page, srv.base, email, PASSWORD);
  return page;
}

async function done(page) {
  assertPageClean(page);
  await page.context().close();
}

async function open(page, path, what) {
  const res = await page.goto(`${srv.base}${path}`);
  assert.equal(res.status(), 200, `${what}: ${path}`);
  await checkA11y(page, what);
}

// Creates an assessment from the "Start ..." link on the tool's decision
// page (kind and tool prefilled) and returns its id.
async function startFromDecision(page, linkRe, title) {
  await open(page, `/o/${B}/decisions/${toolId}`, 'tool decision');
  await navigate(page, () => page.locator('main a', { hasText: linkRe }).first().click(), /\/assessments\/new\?/);
  await checkA11y(page, `new assessment (${title})`);
  const form = page.locator(`form[action="/o/${B}/assessments/new"]`);
  await (await field(form, 'title')).fill(title);
  const selected = await form.locator('select[name="tool"] option:checked').allInnerTexts();
  assert.deepEqual(selected.map((s) => s.trim()), [TOOL], 'the tool is prefilled');
  await navigate(page, () => form.locator('button[type=submit]').click(), /\/assessments\/\d+$/);
  await checkA11y(page, `assessment ${title}`);
  return Number(/\/assessments\/(\d+)$/.exec(page.url())[1]);
}

// Moves an assessment one workflow step with the button of that step.
async function step(page, id, to, what) {
  await open(page, `/o/${B}/assessments/${id}`, what);
  const button = page.locator(`form[action="/o/${B}/assessments/${id}/steps"] button[name="to"][value="${to}"]`);
  assert.equal(await button.count(), 1, `${what}: a button to ${to}`);
  await navigate(page, () => button.click());
  await checkA11y(page, `${what}: after the step to ${to}`);
  assert.equal(dbValue(srv.db, `SELECT status FROM assessments WHERE id = ${id}`), to, `${what}: status`);
}

// Adviser -> DPO -> administrator, for an assessment without DPIA advice.
async function approve(id, what) {
  const adv = await as(ADVISER);
  await step(adv, id, 'dpo_advice', `${what} (adviser)`);
  await done(adv);
  const dpo = await as(DPO);
  await step(dpo, id, 'approval', `${what} (DPO)`);
  await done(dpo);
  const admin = await as(ADMIN);
  await step(admin, id, 'approved', `${what} (administrator)`);
  await done(admin);
}

let rosId;
let dpiaId;
let dbaId;

test('the adviser starts a ROS for the tool from its decision page; DPO and administrator take it to approved', async () => {
  const page = await as(ADVISER);
  await open(page, `/o/${B}/decisions`, 'tool decisions');
  const row = page.locator('main table tbody tr', { has: page.locator(`th a`, { hasText: TOOL }) });
  assert.match(await row.innerText(), /Not ready/);
  rosId = await startFromDecision(page, /Start a risk assessment/, 'ROS Kahoot! (nettleser)');
  await screenshot(page, 'assessment-ros-draft');
  await done(page);
  await approve(rosId, 'ROS');
  assert.equal(dbValue(srv.db, `SELECT version FROM assessments WHERE id = ${rosId}`), '1');
});

test('the DPIA starts from the screening; conclusions per service; only the DPO writes the advice', async () => {
  const page = await as(ADVISER);
  dpiaId = await startFromDecision(page, /Start a DPIA/, 'DPIA Kahoot! (nettleser)');
  const block = page.locator('section#dpia');
  assert.equal(await block.count(), 1, 'the DPIA block');
  const screening = Number(dbValue(srv.db, `SELECT COALESCE(screening_id, 0) FROM assessments WHERE id = ${dpiaId}`));
  if (screening) assert.match(await block.innerText(), /Screening of Kahoot!/);
  // Level app, inheriting from the demo's overarching DPIA.
  const lf = block.locator(`form[action="/o/${B}/assessments/${dpiaId}/dpia/level"]`);
  await (await field(lf, 'level')).selectOption('app');
  const parent = await field(lf, 'parent');
  const overTitle = 'Overordnet DPIA for digitale læringsverktøy (demo)';
  await parent.selectOption({ label: `${overTitle} (Overarching)` });
  await navigate(page, () => lf.locator('button[type=submit]').click(), /#dpia$/);
  await checkA11y(page, 'DPIA after level');
  assert.match(await page.locator('section#dpia').innerText(), /This DPIA beside the one it inherits from/);
  // One service acceptable, one add-on not.
  for (const [service, result] of [['Kahoot! quiz i klasserommet', 'acceptable'], ['Kahoot! Kids-app hjemme', 'not_acceptable']]) {
    const cf = page.locator(`form[action="/o/${B}/assessments/${dpiaId}/dpia/conclusions"]`);
    await (await field(cf, 'service')).fill(service);
    await (await field(cf, 'result')).selectOption(result);
    await navigate(page, () => cf.locator('button[type=submit]').click(), /#dpia$/);
    await checkA11y(page, `DPIA after conclusion ${service}`);
  }
  const table = await page.locator('section#dpia table', { has: page.locator('caption', { hasText: 'Conclusion per service or feature' }) }).innerText();
  assert.match(table, /Kahoot! quiz i klasserommet\s+Acceptable/);
  assert.match(table, /Kahoot! Kids-app hjemme\s+Not acceptable/);
  await screenshot(page, 'assessment-dpia');
  // The adviser has no advice form.
  assert.equal(await page.locator(`form[action$="/dpia/advice"]`).count(), 0);
  await step(page, dpiaId, 'dpo_advice', 'DPIA (adviser)');
  await done(page);

  const dpo = await as(DPO);
  await open(dpo, `/o/${B}/assessments/${dpiaId}`, 'DPIA (DPO)');
  const af = dpo.locator(`form[action="/o/${B}/assessments/${dpiaId}/dpia/advice"]`);
  await (await field(af, 'text')).fill('Kjernetjenesten kan brukes. Kids-appen skal ikke brukes.');
  await navigate(dpo, () => af.locator('button[type=submit]').click(), /#dpia$/);
  await checkA11y(dpo, 'DPIA after the advice');
  assert.match(await dpo.locator('section#dpia').innerText(), /Kids-appen skal ikke brukes/);
  await step(dpo, dpiaId, 'approval', 'DPIA (DPO)');
  await done(dpo);
  const admin = await as(ADMIN);
  await step(admin, dpiaId, 'approved', 'DPIA (administrator)');
  await done(admin);
});

test('a data processing agreement is registered and approved', async () => {
  const page = await as(ADVISER);
  dbaId = await startFromDecision(page, /Register a data processing agreement/, 'DBA Kahoot! (nettleser)');
  await done(page);
  await approve(dbaId, 'DBA');
});

test('the decision: ready for Feide, approved with conditions, shown on the public page', async () => {
  const page = await as(ADVISER);
  await open(page, `/o/${B}/decisions/${toolId}`, 'tool decision with approved assessments');
  assert.match(await page.locator('main').innerText(), /Ready for Feide activation: the risk assessment/);
  const form = page.locator(`form[action="/o/${B}/decisions/${toolId}"]`);
  await (await field(form, 'status')).selectOption('approved_conditions');
  await (await field(form, 'conditions')).fill(CONDITIONS);
  await (await field(form, 'usage_rules')).fill('Læreren starter spillet; elevene bruker kallenavn.');
  await (await field(form, 'ros')).selectOption(String(rosId));
  await (await field(form, 'dpia')).selectOption(String(dpiaId));
  await (await field(form, 'dba')).selectOption(String(dbaId));
  await navigate(page, () => form.locator('button[type=submit]').click(), /\?saved=1$/);
  await checkA11y(page, 'decision saved');
  assert.match(await page.locator('main').innerText(), /The decision is saved\./);
  await screenshot(page, 'assessment-decision');
  await done(page);

  const guest = await newPage(browser);
  await guest.context().addCookies([{ name: 'skolesec_lang', value: 'en', url: srv.base }]);
  await open(guest, '/public/4601', 'public page');
  const row = guest.locator('main table tbody tr', { has: guest.locator('th', { hasText: TOOL }) }).first();
  const text = await row.innerText();
  assert.match(text, /Approved with conditions/);
  assert.ok(text.includes(CONDITIONS), text);
  await done(guest);
});
