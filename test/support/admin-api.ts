import assert from 'node:assert/strict';
import { StaffRole, StaffService } from '@paysession/staff';
import { GqlResponse, TestApp } from './test-app';

export const STAFF_PASSWORD = 'correct horse battery staple';

/** Creates a staff account straight through the service (as the CLI does). */
export async function createStaff(t: TestApp, role: StaffRole, email = `${role}-${Math.random().toString(36).slice(2, 8)}@staff.example`, password = STAFF_PASSWORD) {
  const staff = await t.app.get(StaffService).create({ email, role, password }, null);
  return { id: staff.id, email, password };
}

/** The Set-Cookie header's attributes, by lower-cased name (`httponly` → true). */
export function cookieAttributes(setCookie: string): Record<string, string | true> {
  const [, ...attributes] = setCookie.split(';').map((part) => part.trim());
  return Object.fromEntries(attributes.map((a) => {
    const [name, ...value] = a.split('=');
    return [name.toLowerCase(), value.length ? value.join('=') : true];
  }));
}

/**
 * A browser-like client of /admin-api: it keeps the session cookie it is given, as a browser
 * would, and sends it back.
 */
export class StaffClient {
  cookie: string | null = null;
  lastSetCookie: string | null = null;

  constructor(private readonly t: TestApp) {}

  static async signedIn(t: TestApp, role: StaffRole): Promise<StaffClient & { staffId: string }> {
    const staff = await createStaff(t, role);
    const client = new StaffClient(t);
    const res = await client.login(staff.email, staff.password);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return Object.assign(client, { staffId: staff.id });
  }

  login(email: string, password: string) {
    return this.gql(`mutation($email: String!, $password: String!) { login(email: $email, password: $password) { id email role } }`, { email, password });
  }

  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GqlResponse<T>> {
    const res = await this.t.gql<T>(query, variables, { path: '/admin-api', headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers } });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      this.lastSetCookie = setCookie;
      const [pair] = setCookie.split(';');
      const attributes = cookieAttributes(setCookie);
      const expired = typeof attributes.expires === 'string' && new Date(attributes.expires).getTime() <= Date.now();
      this.cookie = expired || pair.endsWith('=') ? null : pair;
    }
    return res;
  }

  /** The data of a successful response; fails the test on errors. */
  async ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.gql<T>(query, variables);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data as T;
  }
}
