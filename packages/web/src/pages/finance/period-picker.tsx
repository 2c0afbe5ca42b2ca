import { useState } from 'react';
import { Select } from '../../components/select';
import { todayInEngland } from '../access/booking/booking-api';
import {
  periodChoices,
  periodOf,
  recentFinancialYears,
  yearChoices,
  type PeriodChoice,
} from './finance-periods';

/** The period a finance page shows and the controls that change it. */
export interface PeriodState {
  period: PeriodChoice;
  year: number;
  choice: string;
  setYear: (year: number) => void;
  setChoice: (choice: string) => void;
}

/** A page's chosen financial year and period, starting with the whole of this year. */
export function usePeriod(): PeriodState {
  const [year, setYear] = useState(() => recentFinancialYears(todayInEngland(), 1)[0] ?? 2026);
  const [choice, setChoice] = useState('year');
  return { period: periodOf(year, choice), year, choice, setYear, setChoice };
}

/** Selects for the financial year (April to March) and the year, quarter or month in it. */
export function PeriodPicker({ id, state }: { id: string; state: PeriodState }) {
  const years = recentFinancialYears(todayInEngland(), 6);
  return (
    <div>
      <Select
        id={`${id}-year`}
        label="Financial year"
        options={yearChoices(years)}
        value={String(state.year)}
        onChange={(event) => {
          state.setYear(Number(event.target.value));
        }}
      />
      <Select
        id={`${id}-period`}
        label="Period"
        options={periodChoices(state.year).map(({ value, label }) => ({ value, label }))}
        value={state.choice}
        onChange={(event) => {
          state.setChoice(event.target.value);
        }}
      />
    </div>
  );
}
