import { useState, type ChangeEvent } from 'react';
import { MAX_STATEMENT_ROWS, STATEMENT_COLUMNS } from '@atscale/domain';
import { importStatement } from '../../api/finance-payments';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { fieldMessageIds } from '../../components/field-messages';
import { LabelledFormGroup } from '../../components/form-group';
import { Textarea } from '../../components/textarea';
import { formatCount } from '../../format/format';
import { useFormSubmission } from '../../forms/use-form-submission';
import { refusedFinanceForm } from './finance-form-fields';

const ids = { file: 'statement-file', csv: 'statement-csv' } as const;

/**
 * Imports a bank or remittance statement (FIN-4), pasted or read from a CSV file: all or
 * nothing, so a refused file lists every bad row by number and changes nothing. Central finance.
 */
export function StatementImportForm({ onImported }: { onImported: (text: string) => void }) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm({ csv: ids.csv, fileName: ids.file }, ids.csv),
  });

  const chooseFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    void file.text().then(
      (content) => {
        setCsv(content);
        setFileName(file.name);
        setErrors([]);
      },
      () => {
        setErrors([{ text: `${file.name} could not be read`, href: `#${ids.file}` }]);
      },
    );
  };

  // A refused file may have many bad rows: the summary lists each, the field says how many.
  const rowErrors = errors.filter((error) => error.href === `#${ids.csv}`);
  const [firstRowError] = rowErrors;
  const csvError =
    firstRowError && rowErrors.length > 1
      ? `${firstRowError.text} (and ${formatCount(rowErrors.length - 1)} more, listed above)`
      : fieldError(ids.csv);

  const handleSubmit = onSubmit(() => {
    if (csv.trim() === '') {
      setErrors([{ text: 'Paste the statement or choose its file', href: `#${ids.csv}` }]);
      return;
    }
    void send(async () => {
      const result = await importStatement(csv, fileName);
      const rows = result.import.rowCount;
      onImported(
        `Imported ${formatCount(rows)} ${rows === 1 ? 'payment' : 'payments'}` +
          `${result.import.fileName ? ` from ${result.import.fileName}` : ''}: ` +
          `${formatCount(result.matched)} matched, ${formatCount(result.forReview)} for review`,
      );
    });
  });

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Import a statement">
      <ErrorSummary items={errors} />
      <LabelledFormGroup
        id={ids.file}
        label="Statement file (CSV)"
        hint="Choosing a file puts its text in the box below"
        error={fieldError(ids.file)}
      >
        <input
          className="nhsuk-file-upload"
          id={ids.file}
          name={ids.file}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={fieldMessageIds(ids.file, true, fieldError(ids.file)).describedBy}
          onChange={chooseFile}
        />
      </LabelledFormGroup>
      <Textarea
        id={ids.csv}
        label="Statement"
        hint={`The first row names the columns ${STATEMENT_COLUMNS.join(', ')} in any order; then one payment a row, a date as 2026-04-30 or 30/04/2026 and an amount in pounds. At most ${formatCount(MAX_STATEMENT_ROWS)} payments. A statement is imported whole or not at all.`}
        rows={8}
        value={csv}
        spellCheck={false}
        onChange={(event) => {
          setCsv(event.target.value);
          // Typed or pasted text is no longer the chosen file's.
          setFileName(null);
        }}
        error={csvError}
      />
      <Button aria-disabled={busy}>Import the statement</Button>
    </form>
  );
}
