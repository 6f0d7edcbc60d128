/** The merchant as the customer sees it: a name and an https logo URL (or none). */
export interface Brand {
  name: string;
  logoUrl: string | null;
}

type BrandFields = { brandName: string | null; brandLogoUrl: string | null };

/**
 * The brand shown to the customer, on the hosted page, in the link email and in the partner's
 * payment-session request: the session's `brandName`/`brandLogoUrl`, else its checkout
 * configuration's, else the organization's name without a logo (issue 12; docs/CONTRACT.md,
 * The customer side).
 */
export function brandOf(session: BrandFields, config: BrandFields | null, orgName: string): Brand {
  return {
    name: session.brandName ?? config?.brandName ?? orgName,
    logoUrl: session.brandLogoUrl ?? config?.brandLogoUrl ?? null,
  };
}
