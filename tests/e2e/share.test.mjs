// Browser test of issue 5 ("Deling") on the demo data: Nordre Follo has
// published an approved ROS nationally, KS has endorsed it and Bergen has
// adopted it (demo_sharing in src/demo.c). Nordre Follo then publishes a
// version 2 that changes the scope text, which Bergen has also changed in
// its copy (both made over HTTP: the assessment screens are issue 4's).
// In the browser the Bergen adviser finds the notice on the Sharing tab,
// opens the update view, resolves the conflict with a new text and takes
// the changes; then searches the library, opens the publication, reads the
// curated guide in the resource bank and writes a resource. The national
// editor opens the endorsement form. axe (WCAG 2.0/2.1 A+AA) runs on every
// page shown. English UI (language cookie), controls found by name + label.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, checkA11y, assertPageClean, screenshot,
  navigate, field, logIn,
} from './lib.mjs';
import { loggedIn, csrfOf, dbValue, orgIdOf } from '../http/lib.mjs';

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

// One POST as a logged-in demo user that must answer 303.
async function poster(email) {
  const c = await loggedIn(srv.base, email, PASSWORD, { lang: 'en' });
  const csrf = await csrfOf(c);
  return async (path, data) => {
    const r = await c.post(path, { ...data, _csrf: csrf });
    assert.equal(r.status, 303, `${email} POST ${path}: ${r.status}\n${r.text.slice(0, 800)}`);
    return r;
  };
}

test('an adopter takes a new upstream version, resolving a conflict, and uses the library and resource bank', async () => {
  const NF = orgIdOf(srv.db, 'municipality', '3207');
  const B = orgIdOf(srv.db, 'municipality', '4601');
  const source = Number(dbValue(srv.db, `SELECT source_id FROM share_pubs WHERE org_id = ${NF} AND latest = 1`));
  const copy = Number(dbValue(srv.db, `SELECT assessment_id FROM share_adoptions WHERE org_id = ${B}`));
  assert.ok(source > 0 && copy > 0, 'demo publication and adoption');

  // Bergen changes the scope text in its copy; Nordre Follo revises,
  // changes the same text and another, approves and publishes version 2.
  const bAdv = await poster('radgiver@bergen.demo');
  await bAdv(`/o/${B}/assessments/${copy}/items/scope.description`, { value: 'Bergen: mellomtrinnet på alle skoler' });
  const nfAdv = await poster('radgiver@nordrefollo.demo');
  const nfDpo = await poster('pvo@nordrefollo.demo');
  const nfAdmin = await poster('admin@nordrefollo.demo');
  await nfAdv(`/o/${NF}/assessments/${source}/steps`, { to: 'draft', comment: 'Revisjon' });
  await nfAdv(`/o/${NF}/assessments/${source}/items/scope.description`, { value: 'Versjon 2: mellomtrinnet og ungdomstrinnet' });
  await nfAdv(`/o/${NF}/assessments/${source}/items/scope.context`, { value: 'Versjon 2: også hjemmebruk' });
  await nfAdv(`/o/${NF}/assessments/${source}/steps`, { to: 'dpo_advice', comment: '' });
  await nfDpo(`/o/${NF}/assessments/${source}/steps`, { to: 'approval', comment: '' });
  await nfAdmin(`/o/${NF}/assessments/${source}/steps`, { to: 'approved', comment: '' });
  await nfAdmin(`/o/${NF}/sharing/publish`, { assessment: source, scope: 'national' });

  const page = await newPage(browser);
  await page.context().addCookies([{ name: 'skolesec_lang', value: 'en', url: srv.base }]);
  const org = await logIn(page, srv.base, 'radgiver@bergen.demo', PASSWORD);
  assert.equal(org, B);

  // The Sharing tab tells about the new version.
  await navigate(page, () => page.locator(`nav.org-nav a[href="/o/${B}/sharing"]`).click(), /\/sharing$/);
  await checkA11y(page, 'sharing page');
  assert.match(await page.locator('main').innerText(), /has published a new version of/);
  const notice = page.locator('main .ds-alert a[href*="/sharing/adoptions/"]');
  await navigate(page, () => notice.click(), /\/sharing\/adoptions\/\d+$/);
  await checkA11y(page, 'update view');
  await screenshot(page, 'share-update-view');

  // One conflict (the scope text), one automatic change (the context).
  const form = page.locator('main form[method="post"]');
  assert.equal(await form.locator('fieldset').count(), 1, 'one conflict to resolve');
  await page.locator('input[type=radio][value="edit"]').check();
  await (await field(form, 'e-scope.description')).fill('Felles: mellomtrinnet og ungdomstrinnet i Bergen');
  await navigate(page, () => form.locator('button[type=submit]').click(), /\/sharing\/adoptions\/\d+$/);
  await checkA11y(page, 'after taking the changes');
  assert.match(await page.locator('main').innerText(), /You are based on the newest version/);
  assert.equal(JSON.parse(dbValue(srv.db, `SELECT data FROM assessment_items WHERE assessment_id = ${copy} AND uid = 'scope.context'`)).value,
    'Versjon 2: også hjemmebruk');
  assert.equal(JSON.parse(dbValue(srv.db, `SELECT data FROM assessment_items WHERE assessment_id = ${copy} AND uid = 'scope.description'`)).value,
    'Felles: mellomtrinnet og ungdomstrinnet i Bergen');

  // The library: search, the endorsed filter, one publication.
  await navigate(page, () => page.locator(`nav.org-nav a[href="/o/${B}/sharing"]`).click(), /\/sharing$/);
  await checkA11y(page, 'sharing page, up to date');
  assert.doesNotMatch(await page.locator('main').innerText(), /has published a new version of/);
  await navigate(page, () => page.locator('main a[href="/library"]').first().click(), /\/library$/);
  await checkA11y(page, 'library');
  const search = page.locator('main form[action="/library"]');
  await (await field(search, 'q')).fill('mellomtrinnet');
  await navigate(page, () => search.locator('button[type=submit]').click(), /\/library\?/);
  await checkA11y(page, 'library search');
  const hit = page.locator('main table a[href^="/library/"]').first();
  assert.match(await hit.innerText(), /ROS for digitale læremidler/);
  await navigate(page, () => hit.click(), /\/library\/\d+$/);
  await checkA11y(page, 'publication');
  assert.match(await page.locator('main').innerText(), /Version: 2/);

  // The resource bank: the curated guide, then a resource of one's own.
  await page.goto(`${srv.base}/resources`);
  await checkA11y(page, 'resource bank');
  await navigate(page, () => page.locator('main table a[href^="/resources/"]').first().click(), /\/resources\/\d+$/);
  await checkA11y(page, 'resource');
  assert.equal(await page.locator('main .resource-body h1').count(), 1, 'Markdown rendered');
  await page.goto(`${srv.base}/o/${B}/resources/new`);
  await checkA11y(page, 'resource form');
  const rform = page.locator(`main form[action="/o/${B}/resources"]`);
  await (await field(rform, 'title')).fill('Rutine for deling av vurderinger');
  await (await field(rform, 'kind')).selectOption('routine');
  await (await field(rform, 'scope')).selectOption('national');
  await (await field(rform, 'body')).fill('## Slik deler vi\n\n* Godkjenn først\n* Del nasjonalt');
  await navigate(page, () => rform.locator('button[type=submit]').click(), /\/resources\/\d+$/);
  await checkA11y(page, 'new resource');
  assert.equal(await page.locator('main .resource-body li').count(), 2);
  assertPageClean(page);
  await page.close();

  // The national editor sees the endorsement form on the new version.
  const ed = await newPage(browser);
  await ed.context().addCookies([{ name: 'skolesec_lang', value: 'en', url: srv.base }]);
  await logIn(ed, srv.base, 'redaktor@ks.demo', PASSWORD);
  const pub = Number(dbValue(srv.db, `SELECT id FROM share_pubs WHERE org_id = ${NF} AND latest = 1`));
  await ed.goto(`${srv.base}/library/${pub}`);
  await checkA11y(ed, 'publication as national editor');
  const eform = ed.locator(`main form[action="/library/${pub}/endorse"]`);
  await (await field(eform, 'local')).fill('');
  await navigate(ed, () => eform.locator('button[type=submit]').click(), new RegExp(`/library/${pub}$`));
  await checkA11y(ed, 'endorsed');
  assert.ok(Number(dbValue(srv.db, `SELECT COALESCE(endorsed_at, 0) FROM share_pubs WHERE id = ${pub}`)) > 0);
  assertPageClean(ed);
  await ed.close();
});
