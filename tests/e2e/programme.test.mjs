// Browser test of issue 7 ("Veiledertjeneste"): Digi Vestland's regional
// adviser announces a programme; Bergen's administrator reads the public
// page, applies, is accepted, grants the adviser team access; the adviser
// opens Bergen's maturity round through the cohort dashboard and comments
// on it; Bergen sees the comment and the recorded access, and answers the
// evaluation; the adviser reads the results and the cohort report. axe
// (WCAG 2.0/2.1 A+AA) runs on every page shown.
//
// English interface (language cookie), so texts are the msgids; form
// controls are found through their labels (field()).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, checkA11y, assertPageClean, navigate, field, logIn,
} from './lib.mjs';

const PASSWORD = 'skolesec-demo';
const TITLE = 'Veiledertjeneste 2027 (e2e)';
const COMMENT = 'Fint arbeid med styring. Se på avvikshåndtering før neste samling.';

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

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

test('a municipality applies, is accepted, grants access; the adviser comments; the cohort is evaluated', async () => {
  const vera = await englishPage();
  const berit = await englishPage();
  try {
    // ---- the adviser announces a programme
    const dv = await logIn(vera, srv.base, 'veileder@digivestland.demo', PASSWORD);
    await navigate(vera, () => vera.locator(`nav.org-nav a[href="/o/${dv}/programmes"]`).click(), /\/programmes$/);
    await checkA11y(vera, 'programmes of the network');
    let form = vera.locator(`form[action="/o/${dv}/programmes"]`);
    await (await field(form, 'title')).fill(TITLE);
    await (await field(form, 'gives')).fill('Kompetanseheving og nettverk.');
    await (await field(form, 'demands')).fill('Fire samlinger og arbeid mellom dem.');
    await (await field(form, 'contact_name')).fill('Vera Veileder');
    await (await field(form, 'contact_email')).fill('veileder@digivestland.demo');
    await (await field(form, 'meeting_on')).fill(day(7));
    await (await field(form, 'apply_by')).fill(day(20));
    await (await field(form, 'starts_on')).fill(day(30));
    await navigate(vera, () => form.locator('button[type=submit]').click(), new RegExp(`/o/${dv}/programmes/\\d+$`));
    await checkA11y(vera, 'the new programme');
    const progPath = new URL(vera.url()).pathname;
    const prog = Number(/(\d+)$/.exec(progPath)[1]);
    assert.equal(await vera.locator('h1').innerText(), TITLE);

    // ---- the public page, without login
    const guest = await englishPage();
    await guest.goto(`${srv.base}/programmes/${prog}`);
    await checkA11y(guest, 'public programme page');
    assert.equal(await guest.locator('h1').innerText(), TITLE);
    assert.ok(await guest.getByText('Log in to apply').count());
    assertPageClean(guest);
    await guest.close();

    // ---- Bergen applies
    const b = await logIn(berit, srv.base, 'admin@bergen.demo', PASSWORD);
    await navigate(berit, () => berit.locator(`nav.org-nav a[href="/o/${b}/participation"]`).click(), /\/participation$/);
    await checkA11y(berit, 'participation');
    const card = berit.locator('.open-programme', { hasText: TITLE });
    assert.equal(await card.count(), 1, 'the new programme is open for applications');
    await (await field(card, 'contact_name')).fill('Berit Admin');
    await (await field(card, 'contact_email')).fill('admin@bergen.demo');
    await (await field(card, 'motivation')).fill('Vi vil bli bedre på personvern i skolen.');
    await navigate(berit, () => card.locator('button[type=submit]').click(), /\/participation\/apply$/);
    await checkA11y(berit, 'application sent');
    assert.match(await berit.locator('main .ds-alert').innerText(), /The application has been sent/);

    // ---- the adviser accepts
    await vera.goto(`${srv.base}${progPath}`);
    await checkA11y(vera, 'programme with the application');
    const app = vera.locator('.application', { hasText: 'Bergen' });
    await app.getByLabel('Accept', { exact: true }).check();
    await (await field(app, 'message')).fill('Velkommen!');
    await navigate(vera, () => app.locator('button[type=submit]').click(), new RegExp(`${progPath}#applications$`));
    await checkA11y(vera, 'application accepted');
    assert.match(await vera.locator('#participants').innerText(), /Bergen/);

    // ---- Bergen grants the adviser team access to the new programme
    await berit.goto(`${srv.base}/o/${b}/participation`);
    await checkA11y(berit, 'participation after acceptance');
    const section = berit.locator('section.participation', { hasText: TITLE });
    assert.match(await section.innerText(), /has no access/);
    await navigate(berit, () => section.getByRole('button', { name: 'Grant the adviser team access' }).click(), /\/participation\/consent$/);
    await checkA11y(berit, 'access granted');
    assert.match(await berit.locator('main .ds-alert').innerText(), /now has read access/);

    // ---- the adviser opens Bergen's round from the dashboard and comments
    await vera.goto(`${srv.base}${progPath}/dashboard`);
    await checkA11y(vera, 'cohort dashboard');
    await navigate(vera, () => vera.locator(`#cohort a[href="/o/${b}"]`).click(), new RegExp(`/o/${b}$`));
    await checkA11y(vera, "Bergen's overview through consent");
    await navigate(vera, () => vera.locator(`nav.org-nav a[href="/o/${b}/maturity"]`).click(), /\/maturity$/);
    await checkA11y(vera, "Bergen's maturity rounds");
    await navigate(vera, () => vera.locator('main table a').first().click(), /\/maturity\/rounds\/\d+$/);
    await checkA11y(vera, "Bergen's round");
    const roundPath = new URL(vera.url()).pathname;
    assert.equal(await vera.locator('form[action$="/close"]').count(), 0, 'no close button for the adviser');
    form = vera.locator(`form[action="${roundPath}/comments"]`);
    await (await field(form, 'body')).fill(COMMENT);
    await navigate(vera, () => form.locator('button[type=submit]').click(), new RegExp(`${roundPath}$`));
    await checkA11y(vera, 'comment added');

    // ---- Bergen sees the comment and the access
    await berit.goto(`${srv.base}${roundPath}`);
    await checkA11y(berit, 'round with the comment');
    assert.ok(await berit.getByText(COMMENT).count(), 'the comment is shown');
    await berit.goto(`${srv.base}/o/${b}/participation`);
    await checkA11y(berit, 'participation with accesses');
    const accesses = await berit.locator('#accesses').innerText();
    assert.match(accesses, /Vera Veileder/);
    assert.ok(accesses.includes(`GET ${roundPath}`));

    // ---- Bergen evaluates the new programme
    const ev = berit.locator('section.participation', { hasText: TITLE }).locator('form[action$="/participation/evaluation"]');
    const groups = ev.locator('fieldset');
    const n = await groups.count();
    assert.ok(n >= 5, `scale questions: ${n}`);
    for (let i = 0; i < n; i++) {
      const g = groups.nth(i);
      if (!(await g.locator('input[type=radio]').count())) continue;
      await g.getByLabel('4', { exact: true }).check();
    }
    const texts = ev.locator('textarea');
    await texts.first().fill('Samlingene og veilederne.');
    await ev.getByLabel(/without the municipality's name/).check();
    await navigate(berit, () => ev.locator('button[type=submit]').click(), /\/participation\/evaluation$/);
    await checkA11y(berit, 'evaluation submitted');
    assert.match(await berit.locator('main .ds-alert').innerText(), /The evaluation has been submitted/);

    // ---- the adviser reads the results and the report
    await vera.goto(`${srv.base}${progPath}/evaluation`);
    await checkA11y(vera, 'evaluation results');
    assert.match(await vera.locator('main').innerText(), /1 municipalities have answered/);
    assert.match(await vera.locator('main').innerText(), /Samlingene og veilederne\.\s*\(anonymous\)/);
    await vera.goto(`${srv.base}${progPath}/report`);
    await checkA11y(vera, 'cohort report');
    assert.match(await vera.locator('h1').innerText(), /Cohort report/);
    assertPageClean(vera);
    assertPageClean(berit);
  } finally {
    await vera.close();
    await berit.close();
  }
});
