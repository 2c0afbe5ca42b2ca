import { deleteJson, getJson, postJson, putJson } from './client';

/** A walk-in queue at a site. */
export interface WalkInQueue {
  id: string;
  siteId: string;
  siteName: string;
  practiceId: string | null;
  service: string;
  name: string;
  minutesPerPatient: number;
  open: boolean;
}

/** What a queue is made or changed with. */
export type WalkInQueueInput = Omit<WalkInQueue, 'id' | 'siteName' | 'practiceId'>;

/** A ticket: its number and where it is. */
export interface WalkInTicket {
  id: string;
  number: number;
  status: 'waiting' | 'called' | 'done' | 'left';
  issuedAt: string;
  calledAt: string | null;
}

/** A queue today, for staff. */
export interface LiveQueue {
  queue: WalkInQueue;
  date: string;
  waiting: (WalkInTicket & { position: number; estimatedWaitMinutes: number })[];
  waitingCount: number;
  called: WalkInTicket[];
  paceMinutes: number;
  newArrivalWaitMinutes: number;
  seenToday: number;
}

/** A queue on the public display: numbers only. */
export interface WalkInDisplay {
  queueName: string;
  siteName: string;
  open: boolean;
  date: string;
  calling: number[];
  waiting: number[];
  waitingCount: number;
  newArrivalWaitMinutes: number;
}

const queuePath = (queueId: string) => `/api/walk-in/queues/${encodeURIComponent(queueId)}`;

/** Fetches the queues the user runs or sets up. */
export async function fetchWalkInQueues(): Promise<WalkInQueue[]> {
  return ((await getJson('/api/walk-in/queues')) as { queues: WalkInQueue[] }).queues;
}

/** Sets up a queue. */
export async function createWalkInQueue(input: WalkInQueueInput): Promise<WalkInQueue> {
  return (await postJson('/api/walk-in/queues', input)) as WalkInQueue;
}

/** Changes a queue, or opens or closes it. */
export async function updateWalkInQueue(
  queueId: string,
  input: WalkInQueueInput,
): Promise<WalkInQueue> {
  return (await putJson(queuePath(queueId), input)) as WalkInQueue;
}

/** Removes a queue that never issued a ticket. */
export async function deleteWalkInQueue(queueId: string): Promise<void> {
  await deleteJson(queuePath(queueId));
}

/** Fetches the queue today. */
export async function fetchLiveQueue(queueId: string): Promise<LiveQueue> {
  return (await getJson(`${queuePath(queueId)}/live`)) as LiveQueue;
}

/** Issues the next ticket. */
export async function issueTicket(queueId: string, patientId?: string): Promise<WalkInTicket> {
  return (await postJson(
    `${queuePath(queueId)}/tickets`,
    patientId ? { patientId } : {},
  )) as WalkInTicket;
}

/** Calls the next waiting ticket. */
export async function callNext(queueId: string): Promise<WalkInTicket> {
  return (await postJson(`${queuePath(queueId)}/call-next`, undefined)) as WalkInTicket;
}

/** Records a ticket seen or gone unseen. */
export async function finishTicket(
  queueId: string,
  ticketId: string,
  outcome: 'done' | 'left',
): Promise<WalkInTicket> {
  return (await postJson(`${queuePath(queueId)}/tickets/${encodeURIComponent(ticketId)}/outcome`, {
    outcome,
  })) as WalkInTicket;
}

/** Fetches the public display (no sign-in needed). */
export async function fetchWalkInDisplay(queueId: string): Promise<WalkInDisplay> {
  return (await getJson(
    `/api/public/walk-in/${encodeURIComponent(queueId)}/display`,
  )) as WalkInDisplay;
}
