// The DBA register and the signed-agreement upload in a real browser.
//
// Chromium, not a hand-built body, is what must get through the multipart
// parser: an adviser opens the demo's Book Creator agreement from the
// register, chooses a PDF in the upload form and submits it; the page comes
// back with the new file listed, and the download is the same bytes. A text
// file named .pdf is refused with the message on an error page. axe
// (WCAG 2.0/2.1 A+AA) runs on every page shown.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startServer, launchBrowser, newPage, checkA11y, assertPageClean, navigate, field, logIn,
} from './lib.mjs';
import { dbQuery } from '../http/lib.mjs';

let srv;
let browser;
let dir;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skolesec-dba-e2e-'));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('an adviser uploads the signed agreement through the form and sees it in the register', async () => {
  const page = await newPage(browser);
  const org = await logIn(page, srv.base, 'radgiver@bergen.demo', 'skolesec-demo');
  await page.goto(`${srv.base}/o/${org}/dba`);
  await checkA11y(page, 'DBA register');
  const renewals = page.locator('#renewals + table');
  assert.match(await renewals.innerText(), /Book Creator/);

  await navigate(page, () => page.locator('table').last().getByRole('link', { name: /Book Creator/ }).click(),
    /\/assessments\/\d+$/);
  await checkA11y(page, 'DBA agreement view');
  const id = Number(/\/assessments\/(\d+)$/.exec(page.url())[1]);

  const pdf = Buffer.concat([Buffer.from('%PDF-1.5\n'), crypto.randomBytes(2048), Buffer.from('\n%%EOF\n')]);
  const file = path.join(dir, 'Signert avtale «Book Creator».pdf');
  fs.writeFileSync(file, pdf);
  const form = page.locator(`form[action="/o/${org}/assessments/${id}/document"]`);
  await (await field(form, 'file')).setInputFiles(file);
  await navigate(page, () => form.locator('button[type=submit]').click(), new RegExp(`/assessments/${id}#document$`));
  await checkA11y(page, 'after upload');
  assert.match(await page.locator('#document + p').innerText(), /Signert avtale «Book Creator»\.pdf/);
  const [size, sha] = dbQuery(srv.db, `SELECT size, sha256 FROM documents WHERE assessment_id = ${id}`)[0];
  assert.equal(Number(size), pdf.length);
  assert.equal(sha, crypto.createHash('sha256').update(pdf).digest('hex'));

  const res = await page.request.get(`${srv.base}/o/${org}/assessments/${id}/document.pdf`);
  assert.equal(res.status(), 200);
  assert.ok(Buffer.from(await res.body()).equals(pdf), 'download is the uploaded bytes');

  const fake = path.join(dir, 'not-really.pdf');
  fs.writeFileSync(fake, 'just text');
  await (await field(form, 'file')).setInputFiles(fake);
  await navigate(page, () => form.locator('button[type=submit]').click(), /\/document$/);
  await checkA11y(page, 'refused upload');
  assert.match(await page.locator('main').innerText(), /not a PDF document|ikke et PDF-dokument/i);
  assertPageClean(page);
});
