import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StaffRole } from '@paysession/staff';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Locator, Page } from 'playwright-core';
import { createStaff } from './admin-api';
import type { TestApp } from './test-app';

const ROOT = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test/artifacts');

/**
 * Builds the web apps (the console, GraphiQL) when a build is missing or older than its sources,
 * as `npm start` does, so that the browser tests always run them as they are in the tree, from a
 * clean clone too. `npm test` does it once before any test file runs.
 */
export function ensureConsoleBuilt(): void {
  (require('../../scripts/build.js') as { buildWebApps(): void }).buildWebApps();
}

/** A browser window's size in CSS pixels. */
export interface Viewport {
  width: number;
  height: number;
}

/**
 * A new staff member of `role` signed in to the console of `t`, in a fresh browser context (its
 * own cookies) of `viewport` in en-US and Europe/Berlin, a phone (mobile, touch) below 600 px,
 * plus `options`; the context joins `contexts` for the test to close. Resolves once the app
 * bar's Profile menu shows: a navigation before it would cut the sign-in off.
 */
export async function signInStaff(
  t: TestApp,
  browser: Browser,
  contexts: BrowserContext[],
  viewport: Viewport,
  role: StaffRole = StaffRole.operator,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; staff: { id: string; email: string; password: string }; login: LoginPageObject }> {
  const staff = await createStaff(t, role);
  const phone = viewport.width < 600;
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'Europe/Berlin', isMobile: phone, hasTouch: phone, ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const login = new LoginPageObject(page, t.url);
  await login.open();
  await login.signIn(staff.email, staff.password);
  await page.locator('[aria-label="Profile"]').waitFor();
  return { page, staff, login };
}

/**
 * Headless Chromium as the CI image has it (Debian's /usr/bin/chromium). `offline` makes every
 * host name but the loopback addresses unresolvable, so a page that reaches for the network
 * (a CDN) fails instead of quietly working.
 */
export function launchChromium(options: { offline?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.offline ? ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] : []),
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The two window sizes of issue 19: a laptop's and a phone's. */
export const WIDE = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** How many CSS pixels the page is wider than its window (0 when it fits). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** Whether two elements' boxes overlap on screen. */
export async function overlaps(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = [await a.boundingBox(), await b.boundingBox()];
  if (!x || !y) return false;
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}

/** The toast on screen (react-admin's notification). */
export function notification(page: Page): Locator {
  return page.locator('.MuiSnackbar-root');
}

const byLabel = (page: Page | Locator, label: string) => page.locator(`[aria-label="${label}"]`);
const byTestId = (page: Page | Locator, id: string) => page.locator(`[data-testid="${id}"]`);

/** The sign-in page. */
export class LoginPageObject {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/admin/`);
    await this.email.waitFor();
  }

  get email(): Locator {
    return byLabel(this.page, 'Email');
  }

  /** The product's name as the page shows it. */
  async productName(): Promise<string> {
    return (await byTestId(this.page, 'product-name').innerText()).trim();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await byLabel(this.page, 'Password').fill(password);
    await byLabel(this.page, 'Password').press('Enter');
  }
}

/** The app bar's user menu, on every page once signed in. */
export class AppShellObject {
  constructor(private readonly page: Page) {}

  async signedInAs(): Promise<string> {
    await byLabel(this.page, 'Profile').click();
    const text = (await byTestId(this.page, 'signed-in-as').innerText()).trim();
    await this.page.keyboard.press('Escape');
    return text;
  }

  async logOut(): Promise<void> {
    await byLabel(this.page, 'Profile').click();
    await byTestId(this.page, 'logout').click();
  }
}

/** The payment sessions list. */
export class SessionListObject {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/admin/payment-sessions`);
    await this.waitForRows();
  }

  async waitForRows(): Promise<void> {
    await this.fromOverview(byTestId(this.page, 'session-id').first());
  }

  /**
   * Waits for `shown` on the list; when the console is on its landing page (the overview, right
   * after signing in), goes to the list first.
   */
  private async fromOverview(shown: Locator): Promise<void> {
    await shown.or(byTestId(this.page, 'overview-page')).first().waitFor();
    if (!(await shown.isVisible())) await this.page.goto(`${this.baseUrl}/admin/payment-sessions`);
    await shown.waitFor();
  }

  /** The session ids shown, in order. */
  async ids(): Promise<string[]> {
    return (await byTestId(this.page, 'session-id').allInnerTexts()).map((s) => s.trim());
  }

  /** Types into the search box and waits until the list shows exactly the sessions `expected`. */
  async search(text: string, expected: string[]): Promise<void> {
    await byLabel(this.page, 'Search payment sessions').fill(text);
    // Polled from here: the console's CSP (rightly) refuses the string evaluation waitForFunction uses.
    for (const deadline = Date.now() + 60_000; JSON.stringify(await this.ids()) !== JSON.stringify(expected); ) {
      if (Date.now() > deadline) throw new Error(`expected ${JSON.stringify(expected)} after searching "${text}", got ${JSON.stringify(await this.ids())}`);
      await this.page.waitForTimeout(50);
    }
  }

  async selectRow(id: string): Promise<void> {
    await this.page.locator(`tbody tr:has([data-testid="session-id"]:text-is("${id}")) input[type="checkbox"]`).check();
  }

  async openSession(id: string): Promise<void> {
    await this.page.locator(`[data-testid="session-id"]:text-is("${id}")`).click();
  }

  bulkCancelButton(): Locator {
    return byTestId(this.page, 'bulk-cancel');
  }

  /** Cancels the selected rows with `reason`. */
  async bulkCancel(reason: string): Promise<void> {
    await this.bulkCancelButton().click();
    const dialog = byTestId(this.page, 'cancel-dialog');
    await byLabel(dialog, 'Cancellation reason').fill(reason);
    await byTestId(dialog, 'confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
  }

  rowCheckboxes(): Locator {
    return this.page.locator('tbody input[type="checkbox"]');
  }

  /** The row of session `id` in the wide list. */
  row(id: string): Locator {
    return this.page.locator(`tbody tr:has([data-testid="session-id"]:text-is("${id}"))`);
  }

  /** A cell's value as shown (maybe cut) and in full (on hover), by the cell's test id. */
  async cell(id: string, testId: string): Promise<{ element: Locator; full: string | null }> {
    const element = byTestId(this.row(id), testId).first();
    return { element, full: await element.getAttribute('title') };
  }

  /** The banner that says which filters are on (absent when none is). */
  activeFilters(): Locator {
    return byTestId(this.page, 'active-filters');
  }

  async clearFilters(): Promise<void> {
    await byTestId(this.page, 'clear-filters').click();
    await this.activeFilters().waitFor({ state: 'detached' });
  }

  /** Types a search whose result is empty and returns what the list says instead. */
  async searchForNothing(text: string): Promise<string> {
    await byLabel(this.page, 'Search payment sessions').fill(text);
    const empty = byTestId(this.page, 'sessions-empty');
    await empty.waitFor();
    return (await empty.innerText()).trim();
  }

  /**
   * Opens the bulk cancel dialog on the selected rows and reads it: its title and the sessions
   * it lists (the dialog stays open).
   */
  async openBulkCancel(): Promise<{ title: string; ids: string[]; rows: string[] }> {
    await this.bulkCancelButton().click();
    const dialog = byTestId(this.page, 'cancel-dialog');
    await byTestId(dialog, 'cancel-list-row').first().waitFor();
    return {
      title: (await dialog.locator('#cancel-dialog-title').innerText()).trim(),
      ids: (await byTestId(dialog, 'cancel-list-id').allInnerTexts()).map((s) => s.trim()),
      rows: (await byTestId(dialog, 'cancel-list-row').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim()),
    };
  }

  /** Gives the reason in the open bulk cancel dialog and confirms. */
  async confirmCancel(reason: string): Promise<void> {
    const dialog = byTestId(this.page, 'cancel-dialog');
    await byLabel(dialog, 'Cancellation reason').fill(reason);
    await byTestId(dialog, 'confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Types into the search box on a phone and waits until the compact list shows `expected` rows, each containing its text. */
  async searchCompact(text: string, expected: string[]): Promise<string[]> {
    await byLabel(this.page, 'Search payment sessions').fill(text);
    const rows = () => this.page.locator('li:has([data-testid="compact-session"])').allInnerTexts();
    for (const deadline = Date.now() + 60_000; ; ) {
      const now = (await rows()).map((s) => s.replace(/\s+/g, ' ').trim());
      if (now.length === expected.length && expected.every((e, i) => now[i].includes(e))) return now;
      if (Date.now() > deadline) throw new Error(`expected rows with ${JSON.stringify(expected)} after searching "${text}", got ${JSON.stringify(now)}`);
      await this.page.waitForTimeout(50);
    }
  }

  /** The phone's compact list: each row's text, in order. */
  async compactRows(): Promise<string[]> {
    const rows = byTestId(this.page, 'compact-session');
    await this.fromOverview(rows.first());
    return (await this.page.locator('li:has([data-testid="compact-session"])').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
  }
}

/** One session's page. */
export class SessionShowObject {
  constructor(private readonly page: Page) {}

  async waitFor(id: string): Promise<void> {
    await this.page.locator(`[data-testid="session-heading"]:has-text("${id}")`).waitFor();
  }

  /** The status chip beside the heading (the timeline has chips too). */
  async status(): Promise<string> {
    return (await this.page.locator('[data-testid="session-heading"] ~ [data-testid="session-status"]').innerText()).trim();
  }

  cancelButton(): Locator {
    return byTestId(this.page, 'cancel-session');
  }

  /** Cancel → the dialog asks for the reason → confirm; waits for the Canceled status. */
  async cancel(reason: string): Promise<void> {
    await this.cancelButton().click();
    const dialog = byTestId(this.page, 'cancel-dialog');
    await byLabel(dialog, 'Cancellation reason').fill(reason);
    await byTestId(dialog, 'confirm-cancel').click();
    await this.page.locator('[data-testid="session-heading"] ~ [data-testid="session-status"]:has-text("Canceled")').waitFor();
  }

  async timelineReasons(): Promise<string[]> {
    return (await byTestId(this.page, 'event-reason').allInnerTexts()).map((s) => s.trim());
  }

  /** Who made each change of the timeline, as the page names them, oldest first. */
  async timelineActors(): Promise<string[]> {
    await byTestId(this.page, 'event-actor').first().waitFor();
    return (await byTestId(this.page, 'event-actor').allInnerTexts()).map((s) => s.trim());
  }

  /** The "Expires" detail. */
  async expires(): Promise<string> {
    return (await byTestId(this.page, 'session-expires').innerText()).trim();
  }

  /** The attached contact's name and email as the page shows them. */
  async contact(): Promise<{ name: string; email: string }> {
    await byTestId(this.page, 'section-contact').waitFor();
    return { name: (await byTestId(this.page, 'contact-name').innerText()).trim(), email: (await byTestId(this.page, 'contact-email').innerText()).trim() };
  }

  /** The "next attempt / delivered" cell of each webhook delivery row, in order. */
  async deliveryTimes(): Promise<string[]> {
    const rows = byTestId(this.page, 'webhook-delivery');
    await rows.last().waitFor();
    return (await rows.locator('[data-testid="delivery-when"]').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
  }

  /** The status chip beside the heading, as an element. */
  statusChip(): Locator {
    return this.page.locator('[data-testid="session-heading"] ~ [data-testid="session-status"]');
  }

  /** The checkout configuration as the page names it, and where its link goes. */
  async checkoutConfiguration(): Promise<{ name: string; href: string | null }> {
    const name = byTestId(this.page, 'session-checkout-configuration');
    await name.waitFor();
    return { name: (await name.innerText()).trim(), href: await name.locator('xpath=ancestor::a[1]').getAttribute('href') };
  }

  /** The organization as the page names it, and where its link goes. */
  async organization(): Promise<{ name: string; href: string | null }> {
    const name = byTestId(this.page, 'session-organization');
    await name.waitFor();
    return { name: (await name.innerText()).trim(), href: await name.locator('xpath=ancestor::a[1]').getAttribute('href') };
  }

  /**
   * Opens the delivery of event `event` ("created", "updated"…) and reads what it shows: each
   * attempt's values by name, and the payload as shown (indented JSON).
   */
  async openDelivery(event: string): Promise<{ attempts: Record<string, string>[]; payload: string; text: string }> {
    const row = this.page.locator('[data-testid="webhook-delivery"]', { has: this.page.locator(`[data-testid="delivery-event"]:text-is("${event}")`) });
    const toggle = byTestId(row, 'delivery-toggle');
    await toggle.click();
    const details = this.page.locator('[data-testid="delivery-details"]');
    await details.first().waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const attempts: Record<string, string>[] = [];
    for (const attempt of await byTestId(details, 'delivery-attempt').all()) {
      const value = async (id: string) => ((await byTestId(attempt, id).count()) ? (await byTestId(attempt, id).innerText()).trim() : '');
      attempts.push({ at: await value('attempt-at'), duration: await value('attempt-duration'), status: await value('attempt-status'), error: await value('attempt-error'), response: await value('attempt-response') });
    }
    return { attempts, payload: (await byTestId(details, 'delivery-payload').innerText()).trim(), text: await details.innerText() };
  }

  /** The webhook deliveries section. */
  webhookSection(): Locator {
    return this.page.locator('section[aria-label="Webhook deliveries"]');
  }

  /** The event of each row of the webhook deliveries table, in order. */
  async webhookEvents(): Promise<string[]> {
    const rows = byTestId(this.page, 'webhook-delivery');
    await rows.last().waitFor();
    return (await rows.locator('[data-testid="delivery-event"]').allInnerTexts()).map((s) => s.trim());
  }
}

/** Whether an element's content is cut: wider than its box (it scrolls or clips sideways). */
export async function isCutSideways(element: Locator): Promise<boolean> {
  // `any`: the tests compile without the DOM's types; the function runs in the page.
  return element.evaluate((el: any) => el.scrollWidth > el.clientWidth + 1);
}

/** The elements under `root` whose content is wider than their box (cut or scrolling sideways), described. */
export async function cutElements(root: Locator): Promise<string[]> {
  return root.evaluate((el: any) => {
    const cut: string[] = [];
    for (const node of [el, ...Array.from(el.querySelectorAll('*') as ArrayLike<any>)]) {
      const style = (globalThis as any).getComputedStyle(node);
      if (style.overflowX === 'visible' || style.textOverflow === 'ellipsis') continue;
      if (node.scrollWidth > node.clientWidth + 1) cut.push(`${node.tagName.toLowerCase()}.${String(node.className).split(' ')[0]} (${node.scrollWidth} > ${node.clientWidth})`);
    }
    return cut;
  });
}

/** The page's title in the app bar, as an element. */
export function appBarTitle(page: Page): Locator {
  return page.locator('#react-admin-title');
}

/** A list of contacts or of checkout configurations. */
export class RecordListObject {
  constructor(private readonly page: Page, private readonly baseUrl: string, private readonly resource: 'contacts' | 'checkout-configurations') {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/admin/${this.resource}`);
    await this.rows().first().waitFor();
  }

  /** The rows: a table's on a laptop, a compact list's on a phone. */
  rows(): Locator {
    return this.page.locator('tbody tr, li:has([data-testid="record-row"])');
  }

  /** The organization of each row, as shown (waits until every row has its name). */
  async organizations(): Promise<{ name: string; href: string | null }[]> {
    const testId = this.resource === 'contacts' ? 'contact-org' : 'configuration-org';
    const rows = this.rows();
    const names = rows.locator(`[data-testid="${testId}"]`);
    await names.first().waitFor();
    for (const deadline = Date.now() + 60_000; (await names.count()) < (await rows.count()); ) {
      if (Date.now() > deadline) throw new Error('some rows never showed their organization');
      await this.page.waitForTimeout(50);
    }
    const out: { name: string; href: string | null }[] = [];
    for (const name of await names.all()) out.push({ name: (await name.getAttribute('title')) ?? '', href: await name.locator('xpath=ancestor::a[1]').getAttribute('href') });
    return out;
  }
}
