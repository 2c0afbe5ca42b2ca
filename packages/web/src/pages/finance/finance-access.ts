import { reachOf } from '@atscale/domain';
import type { Me } from '../../api/me';
import { principalOf } from '../../session/use-permission';

/** What a signed-in user may do in the finance section, the server's rule in brief. */
export interface FinanceAccess {
  /** Sees ledgers, profit and loss, levy invoices and savings somewhere. */
  read: boolean;
  /** Sees them for the whole organisation, not only their own practices. */
  orgWide: boolean;
  /** Sets the levy, runs it, records payments and savings: the central finance team. */
  manage: boolean;
  /** The practices a practice-scoped reader sees; empty for an organisation-wide reader. */
  practiceIds: readonly string[];
}

/** The finance section as `me` may use it; the server still decides each request. */
export function financeAccessOf(me: Me): FinanceAccess {
  const principal = principalOf(me);
  const read = reachOf(principal, 'finance:read');
  return {
    read: read.kind !== 'none',
    orgWide: read.kind === 'organisation',
    manage: reachOf(principal, 'finance:manage').kind !== 'none',
    practiceIds: read.kind === 'practices' ? read.practiceIds : [],
  };
}

/**
 * Whether a finance page is for `access`: the dashboard is central (managers or an
 * organisation-wide reader), the others are for anyone who reads finance. Payments, recharges
 * and the parity planner add their own rules here as they come.
 */
export function mayOpenFinancePage(path: string, access: FinanceAccess): boolean {
  if (!access.read) return false;
  if (path === '/finance/dashboard') return access.manage || access.orgWide;
  // Payments chase every practice's money: central finance, or read by an organisation-wide reader.
  if (path === '/finance/payments') return access.manage || access.orgWide;
  // Parity plans transfers between every centre: the server gives it to central finance only.
  if (path === '/finance/parity') return access.manage;
  return true;
}
