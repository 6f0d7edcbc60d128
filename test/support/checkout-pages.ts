import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { Locator, Page } from 'playwright-core';

/** The hosted checkout page, as a customer sees and uses it. */
export class CheckoutPageObject {
  constructor(private readonly page: Page) {}

  async open(link: string): Promise<void> {
    await this.page.goto(link);
    await this.heading.waitFor();
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  async title(): Promise<string> {
    return (await this.heading.innerText()).trim();
  }

  async brand(): Promise<string> {
    return (await this.page.locator('header .brand').innerText()).trim();
  }

  async amount(): Promise<string> {
    return (await this.page.getByTestId('amount').innerText()).trim();
  }

  async lines(): Promise<string[]> {
    return (await this.page.getByTestId('line').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
  }

  async invoices(): Promise<string[]> {
    return (await this.page.getByTestId('invoice').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
  }

  async text(): Promise<string> {
    return (await this.page.locator('main').innerText()).replace(/\s+/g, ' ');
  }

  /** Picks a payment method by its label and presses Pay, with the keyboard only. */
  async payWith(method: string): Promise<void> {
    const radio = this.page.getByRole('radio', { name: method });
    await radio.focus();
    await this.page.keyboard.press('Space');
    assert.ok(await radio.isChecked());
    await this.page.getByRole('button', { name: /^Pay / }).focus();
    await this.page.keyboard.press('Enter');
  }
}

/** The sandbox partner's card page. */
export class SandboxPageObject {
  constructor(private readonly page: Page) {}

  async waitFor(): Promise<void> {
    await this.page.getByLabel('Card number').waitFor();
  }

  async payWithCard(number: string): Promise<void> {
    await this.waitFor();
    await this.page.getByLabel('Card number').fill(number);
    await this.page.getByRole('button', { name: 'Pay' }).click();
  }

  async authenticate(): Promise<void> {
    await this.page.getByRole('button', { name: 'Authenticate' }).click();
  }
}

/** axe-core's WCAG 2 A/AA rules on the current page: the serious and critical violations, if any. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
