// Browser test of issue 3 ("Kartlegging") as the Bergen adviser does it:
// register a tool for Nordnes skole from the catalogue picker, find it in
// the list filtered by that school, screen it so that a DPIA is required,
// read the result (ROS, DPIA and DBA with reasons) and the to-dos on the
// dashboard; then answer the first area of a maturity round with level
// radios, a comment and an evidence link, and read the round's radar chart
// and its table. The public transparency page /public/4601 is read without
// login. axe (WCAG 2.0/2.1 A+AA) runs on every page shown.
//
// The scenario runs in English (the language cookie is set, as a person
// would with the header switcher), so that texts from the msgids can be
// matched exactly; form controls are still found by name and label.
// Content from data (tool names, maturity level names) is read from the
// page or from data/maturity, not assumed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startServer, launchBrowser, newPage, checkA11y, assertPageClean, screenshot,
  navigate, field, logIn,
} from './lib.mjs';
import { ROOT } from '../http/lib.mjs';

const ADVISER = 'radgiver@bergen.demo';
const PASSWORD = 'skolesec-demo';
const SCHOOL = 'Nordnes skole';
const TOOL = 'Mentimeter';		// in the catalogue, not yet used at Nordnes
const RULES = 'Elevene svarer anonymt; ingen navn i svarene.';
const SET = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'maturity', 'skolesec-modenhet-v1.json'), 'utf8'));

let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function englishPage() {
  const page = await newPage(browser);
  await page.context().addCookies([{ name: 'skolesec_lang', value: 'en', url: srv.base }]);
  return page;
}

// Chooses the <option> of `select` whose text matches re, by its label.
async function chooseOption(select, re) {
  const texts = (await select.locator('option').allInnerTexts()).map((t) => t.trim());
  const label = texts.find((t) => re.test(t));
  assert.ok(label, `an option matching ${re} among ${texts.length}`);
  await select.selectOption({ label });
  return label;
}

// Sets a checkbox found through its label (field() checks the label).
async function setBox(scope, name, on) {
  const box = await field(scope, name);
  if (on) await box.check(); else await box.uncheck();
}

// The rows of the inventory table: [{ tool, cells: [..], href }].
async function inventoryRows(page) {
  return page.locator('main table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    tool: tr.querySelector('th').textContent.trim(),
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
    href: tr.querySelector('th a')?.getAttribute('href'),
  })));
}

// The public page's sections: { heading: [tool names in its table] }.
async function publicSections(page) {
  return page.locator('main').evaluate((main) => {
    const out = {};
    for (const h of main.querySelectorAll('h2')) {
      const t = h.nextElementSibling;
      if (t?.tagName === 'TABLE') {
        out[h.textContent.trim()] = [...t.querySelectorAll('tbody th[scope=row]')].map((th) => th.textContent.trim());
      }
    }
    return out;
  });
}

test('adviser registers a tool for a school, screens it (DPIA required) and sees the to-dos', async () => {
  const page = await englishPage();
  let guest;
  try {
    const org = await logIn(page, srv.base, ADVISER, PASSWORD);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const nav = page.locator('nav.org-nav');

    // The "Tools in use" tab.
    await navigate(page, () => nav.locator(`a[href="/o/${org}/inventory"]`).click(), new RegExp(`/o/${org}/inventory$`));
    await checkA11y(page, 'inventory list');
    assert.equal(await nav.locator('a[aria-current="page"]').getAttribute('href'), `/o/${org}/inventory`);
    assert.equal(await page.locator('h1').innerText(), 'Tools in use');
    const before = await inventoryRows(page);
    assert.ok(before.length > 0, 'the demo inventory is listed');
    assert.ok(!before.some((r) => r.tool === TOOL && r.cells[1] === SCHOOL), `${TOOL} is not yet at ${SCHOOL}`);

    // Add a tool from the catalogue picker.
    await navigate(page, () => page.locator(`main a[href="/o/${org}/inventory/new"]`).click(), /\/inventory\/new$/);
    await checkA11y(page, 'add a tool');
    let form = page.locator(`form[action="/o/${org}/inventory/new"]`);
    const toolLabel = await chooseOption(await field(form, 'tool'), new RegExp(`^${TOOL}\\b`));
    await (await field(form, 'school')).selectOption({ label: SCHOOL });
    await (await field(form, 'grades')).fill('5-7');
    await (await field(form, 'pupils')).fill('75');
    await (await field(form, 'purpose')).fill('Avstemninger og quiz i undervisningen');
    await setBox(form, 'data_name', true);
    const state = await field(form, 'state');
    await state.selectOption('trial');
    const stateLabel = (await state.locator('option[value="trial"]').innerText()).trim();
    await setBox(form, 'public', true);
    await (await field(form, 'usage_rules')).fill(RULES);
    for (const doc of ['has_ros', 'has_dpia', 'has_dba']) {
      assert.equal(await (await field(form, doc)).isChecked(), false, `${doc} is unticked by default`);
    }
    await navigate(page, () => form.locator('button[type=submit]').click(), new RegExp(`/o/${org}/inventory/\\d+\\?m=created$`));
    await checkA11y(page, 'tool added');
    const rowId = Number(new RegExp(`/inventory/(\\d+)\\?`).exec(page.url())[1]);
    const rowPath = `/o/${org}/inventory/${rowId}`;
    assert.equal(await page.locator('h1').innerText(), TOOL);
    assert.match(await page.locator('main .ds-alert[data-color="success"]').innerText(), /The tool has been added/);
    assert.equal(await page.locator('main .ds-alert[data-color="success"]').getAttribute('role'), 'status');
    // The saved row is shown in the change form.
    form = page.locator(`form[action="${rowPath}"]`);
    assert.equal((await (await field(form, 'tool')).locator('option:checked').innerText()).trim(), toolLabel);
    assert.equal(await (await field(form, 'grades')).inputValue(), '5-7');
    assert.equal(await (await field(form, 'pupils')).inputValue(), '75');
    assert.equal(await (await field(form, 'state')).inputValue(), 'trial');

    // Back to the list, filtered by the school with the filter form.
    await navigate(page, () => page.getByRole('link', { name: 'Back to tools in use', exact: true }).click(), /\/inventory$/);
    await checkA11y(page, 'inventory list after adding');
    const filter = page.locator('form.inventory-filter');
    const schoolSelect = await field(filter, 'school');
    await schoolSelect.selectOption({ label: SCHOOL });
    const schoolId = await schoolSelect.inputValue();
    await navigate(page, () => filter.locator('button[type=submit]').click(), new RegExp(`/inventory\\?school=${schoolId}&state=$`));
    await checkA11y(page, `inventory filtered by ${SCHOOL}`);
    assert.equal(await (await field(page.locator('form.inventory-filter'), 'school')).inputValue(), schoolId,
      'the filter keeps the chosen school');
    let rows = await inventoryRows(page);
    assert.ok(rows.length >= 2, 'the demo rows of the school and the new one');
    assert.deepEqual([...new Set(rows.map((r) => r.cells[1]))], [SCHOOL], 'only rows of that school');
    let mine = rows.find((r) => r.href === rowPath);
    assert.ok(mine, 'the new row is listed');
    assert.equal(mine.tool, TOOL);
    assert.deepEqual(mine.cells.slice(2, 4), ['5-7', '75']);
    assert.equal(mine.cells[4], stateLabel, 'the state as the form named it');
    assert.equal(mine.cells[mine.cells.length - 1], 'Not screened');
    assert.ok(rows.length < before.length, 'the filter left out other schools');

    // The screening, from the row's link in the list.
    await navigate(page, () => page.locator(`main table a[href="${rowPath}/screening"]`).click(), new RegExp(`${rowPath}/screening$`));
    await checkA11y(page, 'screening form');
    assert.match(await page.locator('h1').innerText(), new RegExp(`${TOOL}$`));
    form = page.locator(`form[action="${rowPath}/screening"]`);
    // "Does the tool process personal data?" Yes: the radio, by its label.
    const yes = form.getByRole('radio', { name: 'Yes', exact: true });
    assert.equal(await yes.getAttribute('name'), 'personal_data');
    await yes.check();
    // Pupils (children: vulnerable) + evaluation/scoring = two WP248
    // criteria; the vendor is a processor. Everything else unticked.
    const want = new Set(['q_pupils', 'q_evaluation', 'q_processor']);
    const boxes = await form.locator('input[type=checkbox]').evaluateAll((bs) => bs.map((b) => b.name));
    assert.ok(boxes.includes('q_pupils') && boxes.includes('q_evaluation') && boxes.includes('q_processor'));
    for (const name of boxes) await setBox(form, name, want.has(name));
    await navigate(page, () => form.locator('button[type=submit]').click(), new RegExp(`${rowPath}/screening\\?m=screened$`));
    await checkA11y(page, 'screening result');
    assert.match(await page.locator('main .ds-alert[data-color="success"]').innerText(), /The screening has been saved/);
    const result = (await page.locator('main ul.screening-result li').allInnerTexts()).map((t) => t.trim().replace(/\s+/g, ' '));
    assert.deepEqual(result, [
      'Risk and vulnerability assessment (ROS): Needed (missing)',
      'Data protection impact assessment (DPIA): Required (missing)',
      'Data processing agreement (DBA): Needed (missing)',
    ]);
    const reasons = (await page.locator('main ul.screening-reasons li').allInnerTexts()).join('\n');
    assert.match(reasons, /ROS\) is needed because the tool processes personal data/);
    assert.match(reasons, /DPIA\) is required because two or more of the nine criteria/);
    assert.match(reasons, /Pupils are children and count as vulnerable data subjects/);
    assert.match(reasons, /\(DBA\) is needed because the vendor processes personal data/);
    const criteria = page.locator('main table').filter({ has: page.locator('caption', { hasText: 'WP248' }) });
    assert.match(await criteria.locator('caption').innerText(), /met: 2$/);
    const met = await criteria.locator('tbody tr').evaluateAll((trs) => trs
      .filter((tr) => tr.querySelector('td').textContent.trim() === 'Yes')
      .map((tr) => tr.querySelector('th').textContent.trim()));
    assert.deepEqual(met.sort(), ['Data concerning vulnerable data subjects',
      'Evaluation or scoring, including profiling and prediction']);
    const todos = await page.locator('main ul.screening-todos li').allInnerTexts();
    assert.equal(todos.length, 3, `three to-dos made: ${todos}`);
    for (const t of todos) assert.match(t, new RegExp(`${TOOL} \\(${SCHOOL}\\) – open$`));
    // The screening form keeps the answers.
    form = page.locator(`form[action="${rowPath}/screening"]`);
    assert.equal(await form.getByRole('radio', { name: 'Yes', exact: true }).isChecked(), true);
    assert.deepEqual(await form.locator('input[type=checkbox]:checked').evaluateAll((bs) => bs.map((b) => b.name).sort()),
      [...want].sort());

    // The to-dos on the dashboard, newest first, each linking to the row.
    await navigate(page, () => nav.locator(`a[href="/o/${org}"]`).click(), new RegExp(`/o/${org}$`));
    await checkA11y(page, 'dashboard with to-dos');
    const block = page.locator('section[aria-labelledby="b-todos"]');
    assert.equal(await block.locator('h2').innerText(), 'Open to-dos');
    const dash = await block.locator('li').evaluateAll((lis) => lis.map((li) => ({
      text: li.textContent.trim(), href: li.querySelector('a')?.getAttribute('href'),
    })));
    const ours = dash.filter((d) => d.href === rowPath);
    assert.equal(ours.length, 3, `the row's three to-dos on the dashboard: ${JSON.stringify(dash)}`);
    // Each ends with "(<kind>, <date>)".
    for (const kind of ['Risk assessment (ROS)', 'Data protection impact assessment (DPIA)', 'Data processing agreement']) {
      assert.equal(ours.filter((d) => d.text.includes(`(${SCHOOL}) (${kind}, `)).length, 1, `one ${kind} to-do`);
    }
    assert.deepEqual(dash.slice(0, 3).map((d) => d.href), [rowPath, rowPath, rowPath], 'newest first');

    // The list shows the needed documents as missing.
    await page.goto(`${srv.base}/o/${org}/inventory?school=${schoolId}`);
    await checkA11y(page, 'inventory after the screening');
    rows = await inventoryRows(page);
    mine = rows.find((r) => r.href === rowPath);
    assert.deepEqual(mine.cells.slice(5, 8), ['No – needed', 'No – needed', 'No – needed'], 'ROS, DPIA, DBA');
    assert.equal(mine.cells[8], 'Yes', 'public');
    assert.match(mine.cells[9], /^Screened /);
    await screenshot(page, 'kartlegging-inventory');

    // The public page, in a fresh context without login, shows the row
    // under its school with the usage rules.
    guest = await newPage(browser);
    const res = await guest.goto(`${srv.base}/public/4601`);
    assert.equal(res.status(), 200);
    await checkA11y(guest, 'public page with the new tool');
    assert.ok((await publicSections(guest))[SCHOOL]?.includes(TOOL), `${TOOL} under ${SCHOOL}`);
    assert.ok((await guest.locator('main').innerText()).includes(RULES), 'the usage rules are public');
    assertPageClean(page);
    assertPageClean(guest);
  } finally {
    await guest?.context().close();
    await page.context().close();
  }
});

test('adviser answers the first maturity area and reads the radar chart with its table', async () => {
  const page = await englishPage();
  try {
    const org = await logIn(page, srv.base, ADVISER, PASSWORD);
    const nav = page.locator('nav.org-nav');
    await navigate(page, () => nav.locator(`a[href="/o/${org}/maturity"]`).click(), new RegExp(`/o/${org}/maturity$`));
    await checkA11y(page, 'maturity rounds');
    assert.equal(await nav.locator('a[aria-current="page"]').getAttribute('href'), `/o/${org}/maturity`);
    assert.ok(await page.locator('main table tbody tr').count() >= 2, 'the demo rounds are listed');

    // Start a round, or use the open one.
    const start = page.locator(`form[action="/o/${org}/maturity/rounds"]`);
    const roundRe = new RegExp(`/o/${org}/maturity/rounds/(\\d+)$`);
    if (await start.count()) {
      const title = await field(start, 'title');
      assert.ok((await title.inputValue()).length > 0, 'a suggested title');
      await title.fill('Egenvurdering e2e');
      await navigate(page, () => start.locator('button[type=submit]').click(), roundRe);
    } else {
      const open = page.locator('main table tbody tr').filter({ hasText: 'Open' }).locator('a');
      await navigate(page, () => open.click(), roundRe);
    }
    await checkA11y(page, 'the open round');
    const base = new URL(page.url()).pathname;

    await navigate(page, () => page.locator(`main a[href="${base}/areas/1"]`).first().click(), new RegExp(`${base}/areas/1$`));
    await checkA11y(page, 'first area');
    const area = SET.areas[0];
    assert.equal(await page.locator('h1').innerText(), area.title.nb);
    const form = page.locator(`form[action="${base}/areas/1"]`);
    const questions = form.locator('fieldset');
    assert.equal(await questions.count(), area.questions.length, 'one fieldset per question');

    // Levels chosen by their labels ("3 – <name of level 3>"); the last
    // question is marked not relevant. Score: mean(3, 4, 2) / 5 = 60.
    const picks = [3, 4, 2, 'na'].slice(0, area.questions.length);
    assert.equal(picks.length, 4, 'the first area has four questions');
    const levelName = (n) => SET.levels.find((l) => l.level === n).nb;
    for (let i = 0; i < picks.length; i++) {
      const q = questions.nth(i);
      assert.match(await q.locator('legend').innerText(), new RegExp(`^${i + 1}\\. `));
      const label = picks[i] === 'na' ? 'Not relevant for us' : `${picks[i]} – ${levelName(picks[i])}`;
      const radio = q.getByRole('radio', { name: label, exact: true });
      assert.equal(await radio.getAttribute('name'), `level-${i + 1}`);
      assert.equal(await radio.getAttribute('value'), String(picks[i]));
      await radio.check();
    }
    const first = questions.nth(0);
    const comment = 'Mandatet er vedtatt av kommunedirektøren.\nSkal revideres i 2026.';
    const evidence = 'https://www.bergen.kommune.no/politikk/mandat-personvern';
    await (await field(first, 'comment-1')).fill(comment);
    await (await field(first, 'evidence-1')).fill(evidence);
    await navigate(page, () => form.locator('button[type=submit]').click(), new RegExp(`${base}/areas/1$`));
    await checkA11y(page, 'answers saved');
    const notice = page.locator('main .ds-alert[data-color="success"]');
    assert.equal(await notice.count(), 1, 'a success notice');
    assert.equal(await notice.getAttribute('role'), 'status');
    assert.match(await notice.innerText(), /The answers have been saved/);

    // Saved for real: a fresh GET shows the same answers.
    await page.goto(`${srv.base}${base}/areas/1`);
    await checkA11y(page, 'first area reloaded');
    const again = page.locator(`form[action="${base}/areas/1"] fieldset`);
    for (let i = 0; i < picks.length; i++) {
      assert.equal(await again.nth(i).locator('input[type=radio]:checked').getAttribute('value'), String(picks[i]),
        `question ${i + 1} keeps its level`);
    }
    assert.equal(await (await field(again.nth(0), 'comment-1')).inputValue(), comment);
    assert.equal(await (await field(again.nth(0), 'evidence-1')).inputValue(), evidence);

    // The round's results: the radar chart and the table beside it.
    await navigate(page, () => page.locator('main nav a', { hasText: 'Results of the round' }).click(), new RegExp(`${base}$`));
    await checkA11y(page, 'round results');
    const chart = page.locator('main svg[role=img]');
    assert.equal(await chart.count(), 1, 'one chart');
    const labelled = await chart.getAttribute('aria-labelledby');
    assert.ok(labelled, 'the chart is labelled');
    const name = await chart.evaluate((svg) => svg.getAttribute('aria-labelledby').split(' ')
      .map((id) => document.getElementById(id)?.textContent.trim()).join(' '));
    assert.match(name, /Maturity per area, 0 to 100/);
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `the chart has a size: ${JSON.stringify(box)}`);
    const table = page.locator('main .maturity-figure table');
    assert.equal((await table.locator('caption').innerText()).trim(), 'Score per area (0-100)');
    const head = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(head.slice(0, 3), ['Area', 'Answered', 'Score']);
    const body = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [
      tr.querySelector('th').textContent.trim(), ...[...tr.querySelectorAll('td')].map((td) => td.textContent.trim())]));
    assert.equal(body.length, SET.areas.length + 1, 'a row per area and the total');
    assert.deepEqual(body[0].slice(0, 3), [area.title.nb, '4 of 4 (1 not relevant)', '60.0']);
    assert.deepEqual(body[1].slice(1, 3), [`0 of ${SET.areas[1].questions.length}`, 'no answers']);
    assert.deepEqual(body[body.length - 1].slice(0, 3), ['Total', `4 of ${SET.areas.reduce((n, a) => n + a.questions.length, 0)} (1 not relevant)`, '60.0']);
    // Bergen's earlier closed rounds: a change column.
    assert.ok(head.includes('Change since the previous round'), `columns: ${head}`);
    await screenshot(page, 'kartlegging-maturity-results');

    // Reflow (WCAG 1.4.10) at 320 CSS px: the chart fits the screen and
    // the wide table scrolls inside its own named, focusable region
    // instead of widening the figure.
    await page.setViewportSize({ width: 320, height: 800 });
    const fit = await page.evaluate(() => {
      const svg = document.querySelector('main svg[role=img]').getBoundingClientRect();
      const region = document.querySelector('main .maturity-figure table').closest('[role=region]');
      return {
        svgRight: svg.right, width: window.innerWidth, region: !!region,
        scrolls: region ? region.scrollWidth > region.clientWidth : false,
        focusable: region?.tabIndex === 0, named: !!(region?.getAttribute('aria-label') || region?.getAttribute('aria-labelledby')),
      };
    });
    assert.ok(fit.svgRight <= fit.width, `the chart fits a 320 px screen: ${JSON.stringify(fit)}`);
    assert.deepEqual([fit.region, fit.scrolls, fit.focusable, fit.named], [true, true, true, true],
      `the table scrolls in a named, focusable region: ${JSON.stringify(fit)}`);
    await checkA11y(page, 'round results at 320 px');
    assertPageClean(page);
  } finally {
    await page.context().close();
  }
});

test('the public page /public/4601 needs no login and shows only public rows', async () => {
  const page = await newPage(browser);
  try {
    const res = await page.goto(`${srv.base}/public/4601`);
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/public/4601', 'no redirect to the login');
    await checkA11y(page, 'public page');
    assert.equal(await page.locator('form[action="/logout"]').count(), 0, 'nobody is logged in');
    assert.match(await page.locator('h1').innerText(), /Bergen$/);
    const sections = await publicSections(page);
    // Demo rows: Kahoot! at Nordnes is public, Padlet there is not; Feide
    // is public for the whole municipality.
    assert.ok(sections[SCHOOL]?.includes('Kahoot!'), `Kahoot! under ${SCHOOL}: ${JSON.stringify(sections)}`);
    assert.ok(!Object.values(sections).flat().includes('Padlet'), 'a row not marked public is left out');
    assert.ok(Object.values(sections).flat().includes('Feide'));
    // Internal fields stay internal: the purpose of a row is not shown.
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes('Quiz og repetisjon i timene'), 'purpose is not public');
    for (const t of await page.locator('main table').all()) {
      assert.ok((await t.locator('caption').innerText()).trim(), 'each table has a caption');
    }
    assertPageClean(page);
  } finally {
    await page.context().close();
  }
});
