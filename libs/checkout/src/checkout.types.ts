import type { CheckoutConfigurationEntity, PaymentMethod } from '@paysession/checkout-configurations';
import type { PaymentSessionEntity, PaymentSessionStatus } from '@paysession/payment-sessions';

/** What the hosted checkout page is rendered from: one database read (session, configuration, org name). */
export interface CheckoutPageData {
  token: string;
  session: PaymentSessionEntity;
  config: CheckoutConfigurationEntity;
  orgName: string;
  /** The status the customer sees: Expired once a deadline has passed, even before the sweep writes it. */
  status: PaymentSessionStatus;
  /** The payment methods offered: the configuration's, FlexPay only when available. */
  methods: PaymentMethod[];
}

/** The outcome of pressing Pay. */
export type StartOutcome =
  | { kind: 'redirect'; location: string }
  /** The session cannot be paid (any more): show its page as it is. */
  | { kind: 'page'; data: CheckoutPageData | null }
  /** The partner could not be reached or answered badly: the session is unchanged, the page offers a retry. */
  | { kind: 'failed'; data: CheckoutPageData; problem: string };
