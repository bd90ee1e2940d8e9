// Browser test of inviting a person and of changing roles: the Bergen
// administrator invites a new adviser, the invitation link is opened by a
// logged-out browser context, the new person sets name and password and
// lands logged in on Bergen's overview, and then shows up in the
// administrator's user list. The administrator also changes a member's
// roles with the checkboxes. axe (WCAG 2.0/2.1 A+AA) runs on every page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, checkA11y, assertPageClean, screenshot,
  navigate, field, logIn,
} from './lib.mjs';

const NEW_EMAIL = 'nina.nyansatt@bergen.demo';
const NEW_NAME = 'Nina Nyansatt';
const NEW_PASSWORD = 'et-langt-passord-42';

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

// The <tr> of the members table that shows `email`.
function memberRow(page, email) {
  return page.locator('main table tbody tr').filter({
    has: page.getByRole('cell', { name: email, exact: true }),
  });
}

async function checkedRoles(row) {
  return row.locator('input[type=checkbox]:checked').evaluateAll((cs) => cs.map((c) => c.name).sort());
}

async function goUsers(page, orgId, what) {
  await page.goto(`${srv.base}/o/${orgId}/users`);
  await checkA11y(page, what);
}

test('admin invites an adviser; the invitation is accepted in a fresh context', async () => {
  const admin = await newPage(browser);
  let guest;
  try {
    const orgId = await logIn(admin, srv.base, 'admin@bergen.demo', 'skolesec-demo');
    await navigate(admin, () => admin.locator(`nav.org-nav a[href="/o/${orgId}/users"]`).click(), /\/users$/);
    await checkA11y(admin, 'users page');
    assert.equal(await memberRow(admin, NEW_EMAIL).count(), 0, 'not a member yet');

    // Invite as adviser. The role's label (English or bokmål) is read from
    // the option, to be recognised again on the invitation page.
    const form = admin.locator(`form[action="/o/${orgId}/users/invite"]`);
    await (await field(form, 'email')).fill(NEW_EMAIL);
    const role = await field(form, 'role');
    await role.selectOption('adviser');
    const roleLabel = (await role.locator('option[value="adviser"]').innerText()).trim();
    assert.ok(roleLabel, 'the adviser option has a label');
    await navigate(admin, () => form.locator('button[type=submit]').click(), /\/users\/invite$/);
    await checkA11y(admin, 'invitation created');
    assert.equal(await admin.locator('main .ds-alert[data-color="success"]').count(), 1, 'a success notice');
    await screenshot(admin, 'invite-created');

    // The link is shown once. With Secure cookies (the default) the server
    // assumes a TLS proxy in front and writes https://; this test server is
    // plain HTTP, so the link's path is opened on the test server.
    const link = (await admin.locator('code.invite-link').innerText()).trim();
    const m = /^(https?):\/\/127\.0\.0\.1:(\d+)(\/invite\/[A-Za-z0-9_-]{20,})$/.exec(link);
    assert.ok(m, `an invitation link for this server: ${link}`);
    assert.equal(Number(m[2]), srv.port);
    assert.equal(await admin.locator('main li').filter({ hasText: NEW_EMAIL }).count(), 1,
      'the invitation is listed as pending');

    // A fresh context: no cookies, so nobody is logged in.
    guest = await newPage(browser);
    await guest.goto(`${srv.base}${m[3]}`);
    await checkA11y(guest, 'invitation page');
    assert.equal(await guest.locator('form[action="/logout"]').count(), 0, 'the guest is logged out');
    const intro = await guest.locator('main').innerText();
    assert.ok(intro.includes('Bergen'), 'the invitation names the organisation');
    assert.ok(intro.includes(roleLabel), `the invitation names the role ${roleLabel}`);
    assert.ok(intro.includes(NEW_EMAIL), 'the invitation names the e-mail');

    // Passwords that differ: error summary with focus, nothing created.
    let accept = guest.locator(`form[action="${m[3]}"]`);
    await (await field(accept, 'name')).fill(NEW_NAME);
    await (await field(accept, 'password')).fill(NEW_PASSWORD);
    await (await field(accept, 'confirm')).fill(`${NEW_PASSWORD}-other`);
    await navigate(guest, () => accept.locator('button[type=submit]').click(), new RegExp(`${m[3]}$`));
    await checkA11y(guest, 'invitation with differing passwords');
    assert.equal(await guest.evaluate(() => document.activeElement?.classList.contains('ds-error-summary')), true,
      'the error summary has focus');
    accept = guest.locator(`form[action="${m[3]}"]`);
    assert.equal(await (await field(accept, 'confirm')).getAttribute('aria-invalid'), 'true');
    assert.equal(await (await field(accept, 'name')).inputValue(), NEW_NAME, 'the name is kept');

    await (await field(accept, 'password')).fill(NEW_PASSWORD);
    await (await field(accept, 'confirm')).fill(NEW_PASSWORD);
    await navigate(guest, () => accept.locator('button[type=submit]').click(), new RegExp(`/o/${orgId}$`));
    await checkA11y(guest, 'new user on the overview');
    assert.equal(await guest.locator('h1').innerText(), 'Bergen');
    await assert.doesNotReject(guest.getByRole('banner').getByRole('link', { name: NEW_NAME, exact: true }).waitFor(),
      'the new user is logged in');
    assert.deepEqual(await guest.locator('main ul.roles-here li').allInnerTexts(), [roleLabel], 'her role here');
    await screenshot(guest, 'invite-accepted');

    // The link works once.
    const again = await guest.goto(`${srv.base}${m[3]}`);
    assert.equal(again.status(), 404);
    await checkA11y(guest, 'used invitation');

    // The administrator sees her in the members list (a fresh GET), as an
    // adviser, and the invitation is no longer pending.
    await goUsers(admin, orgId, 'users page after acceptance');
    const row = memberRow(admin, NEW_EMAIL);
    assert.equal(await row.count(), 1, 'the new user is listed');
    assert.ok((await row.innerText()).includes(NEW_NAME));
    assert.deepEqual(await checkedRoles(row), ['adviser']);
    assert.equal(await admin.locator('main li').filter({ hasText: NEW_EMAIL }).count(), 0,
      'no longer a pending invitation');
    assertPageClean(admin);
    assertPageClean(guest);
  } finally {
    await guest?.context().close();
    await admin.context().close();
  }
});

test('admin changes a member\'s roles with the checkboxes', async () => {
  const admin = await newPage(browser);
  try {
    const orgId = await logIn(admin, srv.base, 'admin@bergen.demo', 'skolesec-demo');
    await goUsers(admin, orgId, 'users page');
    let row = memberRow(admin, 'leser@bergen.demo');
    assert.equal(await row.count(), 1);
    assert.deepEqual(await checkedRoles(row), ['reader']);

    // Give the reader the adviser role too; each checkbox has its label.
    const rolesForm = row.locator('form.roles');
    await (await field(rolesForm, 'adviser')).check();
    assert.equal(await (await field(rolesForm, 'reader')).isChecked(), true);
    await navigate(admin, () => rolesForm.locator('button[type=submit]').click(), /\/users\/\d+\/roles$/);
    await checkA11y(admin, 'roles saved');
    const notice = admin.locator('main .ds-alert[data-color="success"]');
    assert.equal(await notice.count(), 1, 'a success notice');
    assert.equal(await notice.getAttribute('role'), 'status', 'the notice is announced');
    assert.ok((await notice.innerText()).trim());
    row = memberRow(admin, 'leser@bergen.demo');
    assert.deepEqual(await checkedRoles(row), ['adviser', 'reader']);
    await screenshot(admin, 'invite-roles-saved');

    // Saved for real: a fresh GET shows the same; then take adviser away.
    await goUsers(admin, orgId, 'users page after role change');
    row = memberRow(admin, 'leser@bergen.demo');
    assert.deepEqual(await checkedRoles(row), ['adviser', 'reader']);
    await (await field(row.locator('form.roles'), 'adviser')).uncheck();
    await navigate(admin, () => row.locator('form.roles button[type=submit]').click(), /\/roles$/);
    await checkA11y(admin, 'roles saved again');
    assert.deepEqual(await checkedRoles(memberRow(admin, 'leser@bergen.demo')), ['reader']);

    // The last administrator cannot remove her own admin role: a danger
    // notice, and the role stays.
    row = memberRow(admin, 'admin@bergen.demo');
    await (await field(row.locator('form.roles'), 'org_admin')).uncheck();
    const [res] = await Promise.all([
      admin.waitForResponse((r) => r.request().method() === 'POST' && /\/roles$/.test(r.url())),
      navigate(admin, () => row.locator('form.roles button[type=submit]').click(), /\/roles$/),
    ]);
    assert.equal(res.status(), 409);
    await checkA11y(admin, 'last administrator kept');
    assert.equal(await admin.locator('main .ds-alert[data-color="danger"]').count(), 1, 'a danger notice');
    assert.ok((await checkedRoles(memberRow(admin, 'admin@bergen.demo'))).includes('org_admin'));
    assertPageClean(admin);
  } finally {
    await admin.context().close();
  }
});
