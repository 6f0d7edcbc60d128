import * as fs from 'node:fs';
import { Locator, Page } from 'playwright-core';

const byTestId = (page: Page | Locator, id: string) => page.locator(`[data-testid="${id}"]`);

/** The payment sessions list's Export button and what it downloads. */
export class SessionExportObject {
  constructor(private readonly page: Page) {}

  button(): Locator {
    return byTestId(this.page, 'export-sessions');
  }

  /** Clicks Export and returns the downloaded file's name and text. */
  async download(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.button().click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
  }
}

/** The overview, the console's landing page. */
export class OverviewObject {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/admin/`);
    await this.waitForFigures();
  }

  async waitForFigures(): Promise<void> {
    await byTestId(this.page, 'overview-pending').waitFor();
  }

  /** A figure's text by its test id (`overview-pending`, `overview-completion-rate`, …). */
  async figure(testId: string): Promise<string> {
    return (await byTestId(this.page, testId).innerText()).trim();
  }

  chart(testId: string): Locator {
    return byTestId(this.page, testId);
  }

  /** Picks the range (its button's label: "24 hours", "7 days", "30 days"). */
  async range(label: string): Promise<void> {
    await this.page.locator(`[data-testid="overview-range"] button:text-is("${label}")`).click();
  }

  /** Narrows to one organization by typing its name into the filter and picking it. */
  async organization(name: string): Promise<void> {
    const input = this.page.locator('[aria-label="Organization"]');
    await input.fill(name);
    await this.page.locator('[role="option"]', { hasText: name }).first().click();
  }
}
