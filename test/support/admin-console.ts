import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const CONSOLE = path.join(ROOT, 'apps/admin');
export const ARTIFACTS = path.join(ROOT, 'test/artifacts');

/** What the build reads: when any of it is newer than the build, the build is stale. */
const SOURCES = ['src', 'index.html', 'vite.config.ts'].map((p) => path.join(CONSOLE, p));

/** Newest modification time of `file`, or of anything under it (ms). */
function newest(file: string): number {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(file).map((name) => newest(path.join(file, name))));
}

/**
 * Builds the console (as `npm run build:admin` does) when apps/admin/dist is missing or older
 * than its sources, so that the browser tests always run the console as it is in the tree, from
 * a clean clone too.
 */
export function ensureConsoleBuilt(): void {
  const dist = path.join(CONSOLE, 'dist');
  const index = path.join(dist, 'index.html');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...SOURCES.map(newest))) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', path.join(CONSOLE, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the console failed:\n${build.stdout}\n${build.stderr}`);
}

/** Headless Chromium as the CI image has it (Debian's /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
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
