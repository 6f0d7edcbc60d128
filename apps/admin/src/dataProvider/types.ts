/** What /admin-api returns (admin-schema.gql), as the console uses it. */

export type PaymentSessionStatus = 'Active' | 'Pending' | 'Completed' | 'Canceled' | 'Expired' | 'Rejected';
export const PAYMENT_SESSION_STATUSES: PaymentSessionStatus[] = ['Active', 'Pending', 'Completed', 'Canceled', 'Expired', 'Rejected'];

export type StaffRole = 'viewer' | 'operator' | 'admin';

export interface StaffMember {
  id: string;
  email: string;
  role: StaffRole;
}

export interface Address {
  lines: string[];
  locality: string | null;
  administrativeArea: string | null;
  postalCode: string | null;
  countryCode: string;
}

export interface ContactRef {
  contactId: string | null;
  contactName: string | null;
  contactFirstName: string | null;
  contactLastName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  address: Address | null;
}

export interface InvoiceLine {
  num: number;
  quantity: number | null;
  price: string | null;
  productId: string | null;
  productSku: string | null;
  productName: string | null;
  productDescription: string | null;
  productImageUrl: string | null;
}

export interface InvoiceRef {
  orderId: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  amount: string | null;
  lines: InvoiceLine[] | null;
  billingContact: ContactRef | null;
  shippingContact: ContactRef | null;
}

/** Who made a change: a staff member (name: the email), a payments partner (its name), an API key (its label, else its prefix), or the scheduler. */
export interface EventActor {
  kind: 'merchant' | 'partner' | 'staff' | 'scheduler' | string;
  id: string | null;
  name: string | null;
  keyPrefix: string | null;
}

export interface PaymentSessionEvent {
  id: string;
  type: string;
  occurredAt: string;
  actor: string;
  /** Who made the change, named (the API resolves it). */
  by: EventActor;
  fromStatus: PaymentSessionStatus | null;
  status: PaymentSessionStatus;
  reason: string | null;
  changes: string[] | null;
}

export type WebhookDeliveryStatus = 'Pending' | 'Delivering' | 'Succeeded' | 'Failed';

export interface WebhookDelivery {
  id: string;
  eventId: string;
  url: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  /** Whether the signed-in member may send it again (the API's rule: it failed for good, and the role). */
  canRedeliver: boolean;
  /** The JSON body every attempt sends and signs, exactly (null if its event could not be read). */
  payload: string | null;
  attempts: WebhookAttempt[];
}

/** One HTTP attempt of a delivery. */
export interface WebhookAttempt {
  id: string;
  attemptedAt: string;
  /** From sending to the end of the response, in milliseconds. */
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** The first 1000 characters of the response body. */
  responseExcerpt: string | null;
}

export interface PaymentSession {
  id: string;
  orgId: string;
  organization: { id: string; name: string } | null;
  status: PaymentSessionStatus;
  amount: string;
  currency: string;
  transactionRef: string | null;
  createdAt: string;
  updatedAt: string;
  expirationDate: string | null;
  /** When the session expires if nothing happens first; null once it cannot (Completed, Canceled…). */
  deadline: string | null;
  /** The contact attached by contactId, when there is one. */
  contact: { id: string; name: string; email: string | null } | null;
  contactRef: ContactRef | null;
  /** Whether the signed-in member may cancel it now (the API's rule: the transition table and the role). */
  canCancel: boolean;
  /** Only on the show page (the list asks for less). */
  link?: string | null;
  callbackUrl?: string | null;
  successUrl?: string | null;
  contactId?: string | null;
  invoiceIds?: string[] | null;
  invoiceRefs?: InvoiceRef[] | null;
  invoiceTotal?: string | null;
  paymentId?: string | null;
  checkoutConfigurationId?: string;
  brandName?: string | null;
  brandLogoUrl?: string | null;
  pendingExpiresAt?: string | null;
  pendingReason?: string | null;
  networkTransactionId?: string | null;
  authorizationExpiresAt?: string | null;
  rejection?: { code: string; merchantMessage: string | null; source: string | null } | null;
  events?: PaymentSessionEvent[];
  webhookDeliveries?: WebhookDelivery[];
}

export interface Organization {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: string;
  orgId: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CheckoutConfiguration {
  id: string;
  orgId: string;
  name: string;
  isDefault: boolean;
  layoutTemplate: string;
  lineItemFields: string[];
  paymentMethods: string[];
  defaultSessionLifetimeSeconds: number | null;
  brandName: string | null;
  brandLogoUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One session of a bulk cancel. */
export interface CancelOutcome {
  id: string;
  canceled: boolean;
  code: string | null;
  message: string | null;
}

/** A page as /admin-api returns it: `total` is exact up to 10,000 (see totalIsExact). */
export interface Page<T> {
  nodes: T[];
  total: number;
  totalIsExact: boolean;
}

/** Sessions created, and reaching each final status, in one hour, day or range (the overview). */
export interface OverviewBucket {
  start: string;
  created: number;
  completed: number;
  expired: number;
  canceled: number;
  rejected: number;
}

/** The overview's counts over a range (`overviewActivity`). */
export interface OverviewActivity {
  from: string;
  until: string;
  completionRate: number | null;
  rolledUpUntil: string | null;
  hourly: OverviewBucket[];
  daily: OverviewBucket[];
  totals: OverviewBucket;
}

/** What needs attention now (`overviewNow`). */
export interface OverviewNow {
  at: string;
  pending: { count: number; oldest: { id: string; orgId: string; createdAt: string; pendingExpiresAt: string | null } | null };
  webhooks: { retrying: number; failed: number; failedIsExact: boolean; oldestDue: { id: string; sessionId: string; orgId: string; dueAt: string; attemptCount: number } | null };
  expirySweep: { status: PaymentSessionStatus; overdue: number; exact: boolean; oldestDeadline: string | null; behindSeconds: number }[];
}
