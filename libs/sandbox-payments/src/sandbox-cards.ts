/** What a sandbox test card does (README, The sandbox partner). */
export type SandboxOutcome = 'resolve' | 'reject' | 'pending';

/** The documented test cards; any other number is refused. Stripe's numbers, so they are familiar. */
export const SANDBOX_CARDS: readonly { number: string; outcome: SandboxOutcome; description: string }[] = [
  { number: '4242424242424242', outcome: 'resolve', description: 'pays' },
  { number: '4000000000000002', outcome: 'reject', description: 'is declined' },
  { number: '4000000000003220', outcome: 'pending', description: 'asks the customer to authenticate (Pending), then pays' },
];

/** The outcome of a card number as typed (spaces and dashes allowed), or null when it is not a test card. */
export function sandboxOutcome(typed: unknown): SandboxOutcome | null {
  if (typeof typed !== 'string' || typed.length > 40) return null;
  const digits = typed.replace(/[\s-]/g, '');
  return SANDBOX_CARDS.find((card) => card.number === digits)?.outcome ?? null;
}

/** `4242 4242 4242 4242`. */
export function groupCardNumber(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}
