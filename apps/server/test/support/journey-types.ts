import type { Middleware } from 'openapi-fetch';

/*
 * What client/journeys.ts takes and gives back, apart from it: the test imports these
 * (tsc -b checks it) but loads journeys.ts only at run time, since journeys.ts
 * names the generated types that exist only once the test has made them.
 */

export type StaffRole = 'ADMIN' | 'MANAGER' | 'WAITER' | 'CHEF' | 'CASHIER';

export interface JourneyInput {
  baseUrl: string;
  restaurant: string;
  password: string;
  emails: Record<StaffRole, string>;
  /** Runs on every request and answer (the test checks each answer against the document). */
  middleware: Middleware[];
}

export interface JourneyResult {
  orderNumber: number;
  billTotalCents: number;
  discountCents: number;
  paidCents: number;
  closedStatus: string;
  staffActions: Record<StaffRole, string>;
}

export interface Journeys {
  runJourneys(input: JourneyInput): Promise<JourneyResult>;
}
