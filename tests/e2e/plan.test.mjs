// Browser test of issue 6 ("Prioritering og tiltaksplan") as the Bergen
// adviser does it: open the priority list from the organisation's tabs,
// turn the three top priorities into measures (each from its row's link,
// with an owner and a due date), find them in the plan, finish one, and
// print the status report (the print view, then the PDF through the
// report's own link). axe (WCAG 2.0/2.1 A+AA) runs on every page shown.
//
// The scenario runs in English (language cookie), so texts from msgids can
// be matched; form controls are found by name and label (field()).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, checkA11y, assertPageClean, screenshot,
  navigate, field, logIn,
} from './lib.mjs';

const ADVISER = 'radgiver@bergen.demo';
const PASSWORD = 'skolesec-demo';

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

test('an adviser turns the three top priorities into measures, finishes one and prints the report', async () => {
  const page = await newPage(browser);
  await page.context().addCookies([{ name: 'skolesec_lang', value: 'en', url: srv.base }]);
  const org = await logIn(page, srv.base, ADVISER, PASSWORD);

  // Organisation tab "Action plan", then the priority list.
  await navigate(page, () => page.locator(`nav.org-nav a[href="/o/${org}/plan"]`).click(), /\/plan$/);
  await checkA11y(page, 'action plan');
  await navigate(page, () => page.locator(`nav.plan-nav a[href="/o/${org}/priorities"]`).click(), /\/priorities$/);
  await checkA11y(page, 'priority list');
  assert.equal(await page.locator('h1').innerText(), 'Priority list');
  const top = await page.locator('main table.prio-table tbody tr').evaluateAll((trs) => trs.slice(0, 3).map((tr) => ({
    title: tr.querySelector('th').childNodes[0].textContent.trim(),
    href: tr.querySelector('a[href*="/plan/new?source="]').getAttribute('href'),
    score: Number(tr.querySelectorAll('td')[1].textContent.trim()),
  })));
  assert.equal(top.length, 3);
  assert.ok(top[0].score >= top[1].score && top[1].score >= top[2].score, JSON.stringify(top));

  const made = [];
  for (const [i, row] of top.entries()) {
    await navigate(page, () => page.locator(`main a[href="${row.href}"]`).click(), /\/plan\/new\?source=/);
    await checkA11y(page, `new measure from ${row.title}`);
    const form = page.locator(`form[action="/o/${org}/plan/new"]`);
    // The title is prefilled from the row.
    assert.equal(await (await field(form, 'title')).inputValue(), row.title);
    await (await field(form, 'owner')).fill(`Eier ${i + 1}`);
    await (await field(form, 'due_date')).fill(`2031-0${i + 1}-15`);
    await (await field(form, 'priority')).selectOption('1');
    await navigate(page, () => form.locator('button[type=submit]').click(), new RegExp(`/o/${org}/plan/\\d+\\?done=created$`));
    await checkA11y(page, `measure for ${row.title}`);
    assert.equal(await page.locator('h1').innerText(), row.title);
    made.push(new URL(page.url()).pathname);
    await navigate(page, () => page.locator(`nav.plan-nav a[href="/o/${org}/priorities"]`).click(), /\/priorities$/);
    await checkA11y(page, 'priority list again');
  }

  // The plan lists them, by owner too.
  await navigate(page, () => page.locator(`nav.plan-nav a[href="/o/${org}/plan"]`).click(), /\/plan$/);
  await checkA11y(page, 'plan with new measures');
  for (const p of made) assert.equal(await page.locator(`main table a[href="${p}"]`).count(), 1, p);
  await navigate(page, () => page.locator(`main a[href="/o/${org}/plan?view=owner"]`).click(), /view=owner$/);
  await checkA11y(page, 'plan by owner');
  assert.equal(await page.locator('main table caption', { hasText: 'Eier 1' }).count(), 1);

  // Finish the first one.
  await page.goto(`${srv.base}${made[0]}`);
  await checkA11y(page, 'measure to finish');
  const form = page.locator(`form[action="${made[0]}"]`);
  await (await field(form, 'status')).selectOption('done');
  await navigate(page, () => form.locator('button[type=submit]').click(), /\?done=finished$/);
  await checkA11y(page, 'measure finished');
  assert.match(await page.locator('main dl.plan-facts').innerText(), /Done/);

  // The status report: print view, then the PDF from its link.
  await navigate(page, () => page.locator(`nav.plan-nav a[href="/o/${org}/report"]`).click(), /\/report$/);
  await checkA11y(page, 'status report');
  assert.match(await page.locator('h1').innerText(), /^Status report – Bergen$/);
  const progress = await page.locator('main table', { hasText: 'Share done' }).innerText();
  assert.match(progress, /Done\s+2/, 'the demo measure and the one just finished');
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, 'plan-report-print');
  await page.emulateMedia({ media: 'screen' });
  const href = await page.locator(`main a[href="/o/${org}/report.pdf"]`).getAttribute('href');
  const res = await page.request.get(`${srv.base}${href}`);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  const body = await res.body();
  assert.equal(body.subarray(0, 5).toString(), '%PDF-');
  assertPageClean(page);
});
