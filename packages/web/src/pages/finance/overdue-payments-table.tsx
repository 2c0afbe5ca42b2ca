import { AGEING_LABELS } from '@atscale/domain';
import type { AgeingItem } from '../../api/finance-payments';
import { Button } from '../../components/button';
import { WideTable } from '../../components/wide-table';
import { formatDate, formatPence } from '../../format/format';
import { chaseMethodLabel, paymentText } from './payments-figures';

/** The id of the button that opens an overdue payment, to give the focus back to on closing. */
export const chaseButtonId = (paymentId: string): string => `chase-${paymentId}`;

/**
 * The overdue payments, oldest first as the server lists them: what, for whom, due when, how
 * much and how long overdue, who chases it, the last chase and the next action. With `onOpen`,
 * each row has a button that opens it (to chase it, name its owner and read its log). One
 * practice's list (`onePractice`) leaves out the practice column.
 */
export function OverduePaymentsTable({
  caption,
  items,
  onOpen,
  onePractice = false,
}: {
  caption: string;
  items: readonly AgeingItem[];
  onOpen?: (item: AgeingItem) => void;
  onePractice?: boolean;
}) {
  if (items.length === 0) return <p>No expected payment is overdue.</p>;
  const head = [
    ...(onePractice ? [] : ['Practice']),
    'Payment',
    'Due',
    'Amount',
    'Age',
    'Who chases it',
    'Last chase',
    'Next action',
    ...(onOpen ? ['Actions'] : []),
  ];
  return (
    <WideTable
      caption={caption}
      head={head}
      rows={items.map((item) => ({
        key: item.id,
        cells: [
          ...(onePractice ? [] : [item.practice.name]),
          paymentText(item),
          formatDate(item.dueOn),
          formatPence(item.amountPence),
          AGEING_LABELS[item.bucket],
          item.owner?.name ?? 'Nobody',
          item.lastChase
            ? `${formatDate(item.lastChase.chasedOn)}, ${chaseMethodLabel(item.lastChase.method)}`
            : 'Not chased',
          item.nextActionOn ? formatDate(item.nextActionOn) : 'None',
          ...(onOpen
            ? [
                <Button
                  key="open"
                  id={chaseButtonId(item.id)}
                  type="button"
                  variant="secondary"
                  className="nhsuk-u-margin-bottom-0"
                  onClick={() => {
                    onOpen(item);
                  }}
                >
                  Chase
                  <span className="nhsuk-u-visually-hidden">
                    {' '}
                    {item.description}, {item.practice.name}
                  </span>
                </Button>,
              ]
            : []),
        ],
      }))}
    />
  );
}
