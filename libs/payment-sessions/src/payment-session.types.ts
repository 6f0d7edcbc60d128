/**
 * ClientLoop's four statuses (docs/seeds/clientloop-update-payment-session.txt) plus the payments-partner flow's
 * Pending and Rejected.
 */
export enum PaymentSessionStatus {
  Active = 'Active',
  Pending = 'Pending',
  Completed = 'Completed',
  Canceled = 'Canceled',
  Expired = 'Expired',
  Rejected = 'Rejected',
}

export enum PendingReason {
  BUYER_ACTION_REQUIRED = 'BUYER_ACTION_REQUIRED',
  NETWORK_ACTION_REQUIRED = 'NETWORK_ACTION_REQUIRED',
  PARTNER_ACTION_REQUIRED = 'PARTNER_ACTION_REQUIRED',
}

/** Address as stored: countryCode is always ISO 3166-1 alpha-2. */
export interface StoredAddress {
  lines: string[];
  locality: string | null;
  administrativeArea: string | null;
  postalCode: string | null;
  countryCode: string;
}

export interface StoredContactRef {
  contactId: string | null;
  contactName: string | null;
  contactFirstName: string | null;
  contactLastName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  address: StoredAddress | null;
}

/** A line item; its price in minor units of the session's currency. */
export interface StoredLine {
  num: number;
  quantity: number | null;
  priceMinor: number | null;
  productId: string | null;
  productSku: string | null;
  productName: string | null;
  productDescription: string | null;
  productImageUrl: string | null;
}

export interface StoredInvoiceRef {
  orderId: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  amountMinor: number | null;
  lines: StoredLine[] | null;
  billingContact: StoredContactRef | null;
  shippingContact: StoredContactRef | null;
}

export interface StoredRejection {
  code: string;
  merchantMessage: string | null;
  source: string | null;
}
