import { Foundation1732200000000 } from './1732200000000-foundation';
import { MerchantApi1732300000000 } from './1732300000000-merchant-api';
import { Webhooks1732500000000 } from './1732500000000-webhooks';
import { Staff1732600000000 } from './1732600000000-staff';
import { LinkEmails1733100000000 } from './1733100000000-link-emails';
import { TextMatching1733200000000 } from './1733200000000-text-matching';
import { Checkout1733300000000 } from './1733300000000-checkout';
import { RateLimits1733500000000 } from './1733500000000-rate-limits';
import { NamesAndCollations1733600000000 } from './1733600000000-names-and-collations';
import { EventStream1733700000000 } from './1733700000000-event-stream';
import { StaffSignIns1733900000000 } from './1733900000000-staff-sign-ins';
import { Overview1733950000000 } from './1733950000000-overview';
import { ApiKeyLabels1734000000000 } from './1734000000000-api-key-labels';

/** Every migration, oldest first. */
export const MIGRATIONS = [Foundation1732200000000, MerchantApi1732300000000, Webhooks1732500000000, Staff1732600000000, LinkEmails1733100000000, TextMatching1733200000000, Checkout1733300000000, RateLimits1733500000000, NamesAndCollations1733600000000, EventStream1733700000000, StaffSignIns1733900000000, Overview1733950000000, ApiKeyLabels1734000000000];
