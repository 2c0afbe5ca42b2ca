import { saveBudget, type CostCentreBudget } from '../../api/budgets-and-parity';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { WideTable } from '../../components/wide-table';
import { formatPence } from '../../format/format';
import { fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import {
  BUDGET_ACCOUNTS,
  budgetFieldId,
  budgetFieldValues,
  budgetLinesFromFields,
} from './budget-figures';
import { refusedFinanceForm } from './finance-form-fields';

/**
 * A cost centre's budget for a year as a table of accounts, each a pounds field (central
 * finance). Saving replaces the budget's lines: a field left blank has no budget.
 */
export function BudgetForm({
  budget,
  onSaved,
}: {
  budget: CostCentreBudget;
  onSaved: (text: string) => void;
}) {
  const firstId = budgetFieldId(BUDGET_ACCOUNTS[0]?.code ?? '4000');
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm({}, firstId),
  });
  const values = budgetFieldValues(budget.lines);
  const handleSubmit = onSubmit((form) => {
    const typed = Object.fromEntries(
      BUDGET_ACCOUNTS.map((account) => [
        account.code,
        fieldValue(form, budgetFieldId(account.code)),
      ]),
    );
    const read = budgetLinesFromFields(typed);
    if (!read.ok) {
      setErrors(
        read.problems.map((p) => ({ text: p.text, href: `#${budgetFieldId(p.accountCode)}` })),
      );
      return;
    }
    void send(async () => {
      const savedBudget = await saveBudget({
        costCentreId: budget.costCentre.id,
        financialYear: budget.financialYear,
        lines: read.lines,
      });
      onSaved(
        `Saved the ${savedBudget.label} budget of ${savedBudget.costCentre.name}: profit ${formatPence(savedBudget.totals.profitPence)}`,
      );
    });
  });
  const rows = BUDGET_ACCOUNTS.map((account) => {
    const id = budgetFieldId(account.code);
    const error = fieldError(id);
    return {
      key: account.code,
      cells: [
        <label key="l" htmlFor={id}>
          {account.code} {account.name}
        </label>,
        account.kind === 'income' ? 'Income' : 'Expenditure',
        <span key="f">
          {error ? (
            <span className="nhsuk-error-message" id={`${id}-error`}>
              <span className="nhsuk-u-visually-hidden">Error:</span> {error}
            </span>
          ) : null}
          <input
            className={`nhsuk-input nhsuk-input--width-10${error ? ' nhsuk-input--error' : ''}`}
            id={id}
            name={id}
            type="text"
            inputMode="decimal"
            defaultValue={values[account.code] ?? ''}
            {...(error ? { 'aria-describedby': `${id}-error` } : {})}
          />
        </span>,
      ],
    };
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Set the budget">
      <ErrorSummary items={errors} />
      <p>
        Enter the year’s amount for each account in pounds, for example 125,000.00. Leave an account
        blank for no budget. Shorter periods get the year’s budget shared by days.
      </p>
      <WideTable
        caption={`Budget of ${budget.costCentre.name} for ${budget.label}`}
        head={['Account', 'Kind', 'Budget for the year (£)']}
        rows={rows}
      />
      <Button aria-disabled={busy}>Save the budget</Button>
    </form>
  );
}
