// Browser test of the header switchers: admin@bergen.demo (member of Bergen
// and Digi Vestland) switches organisation, then changes the language to
// Nynorsk and English and back. Both are plain GET forms that must work
// without JavaScript, so the scenario runs with JavaScript on and off.
// axe (WCAG 2.0/2.1 A+AA) runs on every page shown.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, checkA11y, assertPageClean, screenshot,
  navigate, field, logIn, assertDesignsystemet,
} from './lib.mjs';

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

// Picks `value` in the header <select> named `name` and presses the form's
// own submit button (no onchange script), then waits for the new page.
async function useSwitcher(page, action, name, pick, urlRe) {
  const form = page.getByRole('banner').locator(`form[action="${action}"]`);
  const select = await field(form, name);
  await select.selectOption(pick);
  await navigate(page, () => form.locator('button[type=submit]').click(), urlRe);
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`organisation and language switchers ${mode}`, async () => {
    const page = await newPage(browser, { javaScriptEnabled });
    try {
      const bergen = await logIn(page, srv.base, 'admin@bergen.demo', 'skolesec-demo');
      await assertDesignsystemet(page);
      assert.equal(await page.locator('h1').innerText(), 'Bergen');

      // The switcher offers exactly the two organisations, Bergen selected.
      const orgSelect = page.locator('#org-switch');
      const options = await orgSelect.locator('option').evaluateAll((os) => os.map((o) => ({
        text: o.textContent.trim(), value: o.value, selected: o.selected,
      })));
      assert.deepEqual(options.map((o) => o.text).sort(), ['Bergen', 'Digi Vestland']);
      assert.equal(options.find((o) => o.selected)?.value, String(bergen));
      const digi = Number(options.find((o) => o.text === 'Digi Vestland').value);

      await useSwitcher(page, '/switch', 'org', { label: 'Digi Vestland' }, new RegExp(`/o/${digi}$`));
      await checkA11y(page, 'Digi Vestland overview');
      assert.equal(await page.locator('h1').innerText(), 'Digi Vestland');
      assert.equal(await page.locator('.org-name').innerText(), 'Digi Vestland');
      assert.equal(await page.locator('#org-switch').inputValue(), String(digi), 'switcher shows the current org');
      // A reader there: no Users or Change log tabs.
      assert.equal(await page.locator(`nav.org-nav a[href="/o/${digi}/users"]`).count(), 0);
      assert.equal(await page.locator(`nav.org-nav a[href="/o/${digi}/audit"]`).count(), 0);

      // And back to Bergen.
      await useSwitcher(page, '/switch', 'org', String(bergen), new RegExp(`/o/${bergen}$`));
      await checkA11y(page, 'Bergen overview again');
      assert.equal(await page.locator('h1').innerText(), 'Bergen');

      // Language: Nynorsk, then English; the page stays the same.
      const schools = `/o/${bergen}/schools`;
      await page.goto(`${srv.base}${schools}`);
      await checkA11y(page, 'schools in bokmål');
      assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
      for (const lang of ['nn', 'en']) {
        await useSwitcher(page, '/lang', 'l', lang, new RegExp(`${schools}$`));
        await checkA11y(page, `schools in ${lang}`);
        assert.equal(await page.locator('html').getAttribute('lang'), lang, `<html lang> after choosing ${lang}`);
        assert.equal(await page.locator('#lang-switch').inputValue(), lang, 'the language switcher shows the choice');
        if (lang === 'en') {
          // English is the msgid language: these texts are fixed.
          assert.equal((await page.locator('h1').innerText()).trim(), 'Schools');
          assert.equal((await page.locator('form[action="/logout"] button').innerText()).trim(), 'Log out');
          assert.equal((await page.locator('a[href="#main"]').textContent()).trim(), 'Skip to main content');
          await screenshot(page, `switch-org-english-${javaScriptEnabled ? 'js' : 'nojs'}`);
        }
      }
      // The choice is kept for later pages (cookie), not only the one page.
      await page.goto(`${srv.base}/o/${bergen}`);
      await checkA11y(page, 'overview after language change');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      // And back to bokmål from there.
      await useSwitcher(page, '/lang', 'l', 'nb', new RegExp(`/o/${bergen}$`));
      await checkA11y(page, 'overview in bokmål again');
      assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
      assertPageClean(page);
    } finally {
      await page.context().close();
    }
  });
}
