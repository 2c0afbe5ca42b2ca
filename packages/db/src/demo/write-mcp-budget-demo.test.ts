import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlan, MCP_FORMS } from '@atscale/domain';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createTestOrganisation } from '../repositories/organisation-test-fixtures.js';
import { mcpBudgetRepository } from '../repositories/population/mcp-budget.js';
import {
  mcpBudgetDemoRows,
  mcpBudgetRowCount,
  writeMcpBudgetDemo,
} from './write-mcp-budget-demo.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

const TODAY = '2026-11-23';

describe('the MCP budget demo', () => {
  it('gives only the MCP forms a budget, the same every time, sized by the list', () => {
    const autonomy = demoPlan({ scale: 'small', form: 'autonomy-super-partnership', today: TODAY });
    expect(mcpBudgetDemoRows(autonomy)).toBeNull();
    expect(mcpBudgetRowCount(autonomy)).toBe(0);
    const plan = demoPlan({ scale: 'small', form: 'mcp-fully-integrated', today: TODAY });
    const rows = mcpBudgetDemoRows(plan);
    expect(rows).toEqual(
      mcpBudgetDemoRows(demoPlan({ scale: 'small', form: 'mcp-fully-integrated', today: TODAY })),
    );
    const total = rows?.lines.reduce((s, l) => s + l.amountPence, 0) ?? 0;
    // About £560 a head across all contributors.
    expect(total / plan.totals.patients).toBeGreaterThan(500_00);
    expect(total / plan.totals.patients).toBeLessThan(600_00);
  });

  it('writes a year each MCP form reads back, with the form’s own budget', async () => {
    const budgets: number[] = [];
    for (const form of MCP_FORMS) {
      const plan = demoPlan({ scale: 'small', form, today: TODAY });
      const org = await createTestOrganisation(t.db, {
        form,
        createdOn: '2019-01-01',
        practices: 1,
      });
      let rows = 0;
      await writeMcpBudgetDemo(t.db, org.orgId, plan, { userIds: {} }, (n) => {
        rows += n;
      });
      expect(rows).toBe(mcpBudgetRowCount(plan));
      const finance = await org.principal([{ role: 'central-finance', practiceId: null }]);
      const year = await mcpBudgetRepository(t.db, { principal: finance, requestId: 'r' }).get(
        2026,
      );
      expect(year.input.settings.form).toBe(form);
      const sum = year.outcome.parties.reduce((s, p) => s + p.outcomePence, 0);
      expect(sum).toBe(year.outcome.variancePence);
      budgets.push(year.outcome.budgetPence / plan.totals.patients);
    }
    // Per head: virtual (aligned services only) < partial (no primary care) < full (everything).
    const [virtual = 0, partial = 0, full = 0] = budgets;
    expect(virtual).toBeLessThan(partial);
    expect(partial).toBeLessThan(full);
  });
});
