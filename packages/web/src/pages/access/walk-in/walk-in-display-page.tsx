import { useEffect } from 'react';
import { useApi } from '../../../api/use-api';
import { fetchWalkInDisplay, type WalkInDisplay } from '../../../api/walk-in';
import { useDocumentTitle } from '../../../components/use-document-title';

/** How often the waiting room screen refreshes, in milliseconds. */
export const DISPLAY_REFRESH_MS = 3_000;

/**
 * The waiting room screen of a walk-in queue: no sign-in, ticket numbers only (never a name),
 * refreshing itself every few seconds.
 */
export function WalkInDisplayPage({ queueId }: { queueId: string }) {
  const display = useApi(`walk-in display ${queueId}`, () => fetchWalkInDisplay(queueId));
  useDocumentTitle(display.last ? `${display.last.queueName}: now calling` : 'Walk-in queue');
  useEffect(() => {
    const timer = setInterval(() => void display.reload(), DISPLAY_REFRESH_MS);
    return () => {
      clearInterval(timer);
    };
  }, [display]);
  if (display.state.status === 'error' && display.state.httpStatus === 404) {
    return (
      <>
        <h1>This walk-in queue does not exist</h1>
        <p>Ask at reception.</p>
      </>
    );
  }
  const data = display.last;
  if (!data) return <p>Loading…</p>;
  return <Display data={data} />;
}

function Display({ data }: { data: WalkInDisplay }) {
  const [now, ...before] = data.calling;
  return (
    <div aria-live="polite">
      <span className="nhsuk-caption-l">
        {data.siteName}: {data.queueName}
      </span>
      <h1 className="nhsuk-heading-xl">
        {now === undefined ? 'Nobody called yet' : `Now calling ticket ${String(now)}`}
      </h1>
      {before.length > 0 ? (
        <p className="nhsuk-body-l">Called before: {before.map(String).join(', ')}</p>
      ) : null}
      <p className="nhsuk-body-l">
        {data.waitingCount === 1
          ? '1 person waiting'
          : `${String(data.waitingCount)} people waiting`}
        {data.open
          ? `; if you arrive now, about ${String(data.newArrivalWaitMinutes)} minutes`
          : '; the clinic is closed to new arrivals'}
      </p>
      {data.waiting.length > 0 ? (
        <p className="nhsuk-body-l">Waiting: {data.waiting.map(String).join(', ')}</p>
      ) : null}
    </div>
  );
}
