// Browser test of logging in and out as a person does it: from the front
// page through the login link and form to the organisation overview and its
// tabs, then out again; a wrong password and an empty form; and keyboard-only
// use of the skip link. axe (WCAG 2.0/2.1 A+AA) runs on every page shown.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, checkA11y, assertPageClean, screenshot,
  navigate, field, logIn, assertDesignsystemet, TEXT,
} from './lib.mjs';

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

test('front page → login link → overview, Schools, Users, Change log → log out', async () => {
  const page = await newPage(browser);
  try {
    await page.goto(`${srv.base}/`);
    await checkA11y(page, 'front page, logged out');
    await assertDesignsystemet(page);
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb', 'bokmål is the default language');

    await navigate(page, () => page.getByRole('main').getByRole('link', { name: TEXT.logIn }).click(), /\/login$/);
    await checkA11y(page, 'login form');
    const orgId = await logIn(page, srv.base, 'admin@bergen.demo', PASSWORD);
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Bergen', exact: true }).waitFor());
    await assert.doesNotReject(page.getByRole('banner').getByRole('link', { name: 'Berit Admin' }).waitFor(),
      'the header shows who is logged in');

    const nav = page.locator('nav.org-nav');
    assert.equal(await nav.locator('a[aria-current="page"]').getAttribute('href'), `/o/${orgId}`);

    // Each tab: follow it, it becomes the current one, and shows its content.
    const tabs = [
      { suffix: '/schools', expect: ['Nordnes skole', 'Slettebakken skole', 'Ytrebygda skole', 'Åstveit skole'] },
      { suffix: '/users', expect: ['admin@bergen.demo', 'radgiver@bergen.demo', 'leser@bergen.demo'] },
      { suffix: '/audit', expect: [] },
    ];
    for (const tab of tabs) {
      const href = `/o/${orgId}${tab.suffix}`;
      await navigate(page, () => nav.locator(`a[href="${href}"]`).click(), new RegExp(`${href}$`));
      await checkA11y(page, `tab ${tab.suffix}`);
      assert.equal(await nav.locator('a[aria-current="page"]').getAttribute('href'), href, `${href} is the current tab`);
      assert.equal(await page.locator('h1').count(), 1, 'one h1');
      const table = page.locator('main table');
      assert.ok(await table.count() >= 1, `${href} has a table`);
      for (const text of tab.expect) {
        assert.equal(await table.getByText(text, { exact: true }).count(), 1, `${href} lists ${text}`);
      }
    }
    // The change log has entries (the demo load and this login wrote some).
    assert.ok(await page.locator('main table tbody tr').count() > 0, 'change log has rows');

    await navigate(page, () => nav.locator(`a[href="/o/${orgId}/schools"]`).click(), /\/schools$/);
    await checkA11y(page, 'schools again');
    await screenshot(page, 'login-schools');

    // Log out with the header button: back on the front page, logged out.
    await navigate(page, () => page.locator('form[action="/logout"] button[type=submit]').click(), /\/$/);
    await checkA11y(page, 'front page after logout');
    await assert.doesNotReject(page.getByRole('main').getByRole('link', { name: TEXT.logIn }).waitFor());
    assert.equal(await page.locator('form[action="/logout"]').count(), 0, 'no logout button once logged out');
    // The session is gone: the organisation page asks for a login again.
    await page.goto(`${srv.base}/o/${orgId}`);
    assert.match(page.url(), /\/login\?next=/);
    await checkA11y(page, 'login form after logout');
    assertPageClean(page);
  } finally {
    await page.context().close();
  }
});

test('wrong password: message next to the form; empty form: focused error summary', async () => {
  const page = await newPage(browser);
  try {
    await page.goto(`${srv.base}/login`);
    await checkA11y(page, 'login form');
    let form = page.locator('form[action="/login"]');
    await (await field(form, 'email')).fill('admin@bergen.demo');
    await (await field(form, 'password')).fill('not-the-password');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
      navigate(page, () => form.locator('button[type=submit]').click(), /\/login$/),
    ]);
    assert.equal(res.status(), 401);
    await checkA11y(page, 'wrong password');
    await screenshot(page, 'login-wrong-password');

    // The message stands right before the form, still in the page after
    // reload, and the form keeps the e-mail but not the password.
    form = page.locator('form[action="/login"]');
    const message = await form.evaluate((f) => {
      const prev = f.previousElementSibling;
      return prev && prev.classList.contains('ds-alert') ? { text: prev.textContent.trim(), color: prev.dataset.color } : null;
    });
    assert.ok(message, 'an alert stands right before the login form');
    assert.ok(message.text.length > 0, 'the alert has a message');
    assert.equal(message.color, 'danger');
    assert.equal(await (await field(form, 'email')).inputValue(), 'admin@bergen.demo');
    assert.equal(await (await field(form, 'password')).inputValue(), '');
    assert.equal(await page.locator('form[action="/logout"]').count(), 0, 'not logged in');

    // An empty form: the error summary takes focus when the page loads
    // (works without JavaScript), can be focused again, and its links lead
    // to the fields, which carry their own messages.
    await (await field(form, 'email')).fill('');
    await navigate(page, () => form.locator('button[type=submit]').click(), /\/login$/);
    await checkA11y(page, 'empty login form');
    const summary = page.locator('.ds-error-summary');
    assert.equal(await summary.count(), 1, 'an error summary is shown');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('ds-error-summary')), true,
      'the error summary has focus after the page loads');
    await page.locator('main').focus();
    await summary.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('ds-error-summary')), true,
      'the error summary is focusable');
    const links = summary.locator('a');
    assert.equal(await links.count(), 2, 'one summary link per missing field');
    assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['#f-email', '#f-password']);
    await links.first().click();
    await checkA11y(page, 'after following the summary link');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'email',
      'the summary link moves focus to the field');
    for (const name of ['email', 'password']) {
      const input = await field(page.locator('form[action="/login"]'), name);
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      const described = await input.getAttribute('aria-describedby');
      assert.ok(described && (await page.locator(`#${described}`).innerText()).trim(), `${name} has a visible message`);
    }
    assertPageClean(page);
  } finally {
    await page.context().close();
  }
});

test('keyboard only: the first Tab reaches the skip link, which moves focus to main', async () => {
  const page = await newPage(browser);
  try {
    await page.goto(`${srv.base}/`);
    await checkA11y(page, 'front page');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({
      cls: document.activeElement?.className, href: document.activeElement?.getAttribute('href'),
      text: document.activeElement?.textContent.trim(),
    }));
    assert.equal(first.href, '#main', `first Tab stop is the skip link, got ${JSON.stringify(first)}`);
    assert.ok(first.text, 'the skip link has a text');
    const box = await page.locator('a[href="#main"]').boundingBox();
    assert.ok(box && box.width > 1 && box.height > 1, `the focused skip link is visible: ${JSON.stringify(box)}`);
    await checkA11y(page, 'skip link focused');

    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'MAIN');
    await checkA11y(page, 'after the skip link');
    // The next Tab goes on inside main: the login button-link.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('main')), true,
      'Tab after the skip link stays in main');
    await navigate(page, () => page.keyboard.press('Enter'), /\/login$/);
    await checkA11y(page, 'login form reached by keyboard');
    assertPageClean(page);
  } finally {
    await page.context().close();
  }
});

// The checks above are only worth something if the axe helper can fail: a
// control without a label, added to a real page, must be reported, both on
// the direct path and on the no-JavaScript path (DOM audited elsewhere).
test('the axe check reports a violation when there is one', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const page = await newPage(browser, { javaScriptEnabled });
    try {
      await page.goto(`${srv.base}/login`);
      await checkA11y(page, 'login form');
      await page.evaluate(() => {
        const input = document.createElement('input');
        input.type = 'text';
        input.className = 'planted-unlabelled';
        document.querySelector('main').append(input);
      });
      await assert.rejects(checkA11y(page, 'planted violation'), (err) => {
        assert.match(err.message, /label/);
        assert.match(err.message, /planted-unlabelled/);
        return true;
      }, `violation reported ${javaScriptEnabled ? 'with' : 'without'} JavaScript`);
    } finally {
      await page.context().close();
    }
  }
});
