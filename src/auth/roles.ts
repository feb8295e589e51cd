/** Roles in increasing power: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface Caller {
  /** Key name, JWT subject, or 'anonymous' when auth is off. Appears in logs and the audit log. */
  id: string;
  role: Role;
  via: 'api-key' | 'jwt' | 'anonymous';
}
