import type { AuthProvider } from 'react-admin';
import { adminApi, DOCUMENTS, type StaffMember, type StaffRole } from './dataProvider';

/**
 * The signed-in member as last confirmed by the server. Only a convenience for the UI (who am I,
 * which buttons to show): the API checks the sign-in cookie and the role on every request.
 */
let current: StaffMember | null = null;

async function me(): Promise<StaffMember> {
  current = (await adminApi<{ me: StaffMember }>(DOCUMENTS.me)).me;
  return current;
}

/**
 * Real sign-in against /admin-api: `login` sets the httpOnly sign-in cookie (the console never
 * sees the token), `logout` ends the sign-in on the server. An API answer of UNAUTHENTICATED (an
 * expired or revoked sign-in) reaches checkError as status 401 and signs the console out.
 */
export const authProvider: AuthProvider = {
  async login({ email, password }: { email: string; password: string }) {
    current = (await adminApi<{ login: StaffMember }>(DOCUMENTS.login, { email, password })).login;
  },

  async logout() {
    current = null;
    // An expired sign-in is already gone on the server; signing out must still succeed here.
    await adminApi(DOCUMENTS.logout).catch(() => undefined);
  },

  async checkAuth() {
    await me();
  },

  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      current = null;
      throw new Error('Your sign-in has ended; please sign in again');
    }
    // 403 and the rest: stay signed in, react-admin shows the message.
  },

  async getIdentity() {
    const staff = current ?? (await me());
    return { id: staff.id, fullName: staff.email };
  },

  async getPermissions(): Promise<StaffRole> {
    return (current ?? (await me())).role;
  },
};
