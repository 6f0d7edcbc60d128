import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';

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
    await byTestId(this.page, 'session-id').first().waitFor();
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

  /** The event of each row of the webhook deliveries table, in order. */
  async webhookEvents(): Promise<string[]> {
    const rows = byTestId(this.page, 'webhook-delivery');
    await rows.last().waitFor();
    return (await rows.locator('td:first-child').allInnerTexts()).map((s) => s.trim());
  }
}
