// A worker thread of a planning run (`atscale simulate` and the server's runs): prepares the scenario once, then simulates the batches
// of replications the main thread hands it. Each replication's draws come from its own seed, so
// which worker runs it changes nothing.
import { parentPort, workerData } from 'node:worker_threads';
import { parseScenario, prepareScenario, simulateReplication } from '@atscale/domain';
import type { BatchRequest, BatchResult, WorkerSetup } from './replication-messages.js';

const setup = workerData as WorkerSetup;
const prep = prepareScenario(parseScenario(setup.scenario));
const port = parentPort;
if (!port) throw new Error('replication-worker runs only as a worker thread');

port.on('message', (request: BatchRequest) => {
  const width = prep.forms.length * prep.practices * prep.width;
  const values = new Float64Array(request.count * width);
  let events = 0;
  for (let k = 0; k < request.count; k++) {
    const result = simulateReplication(prep, setup.seed, request.first + k);
    values.set(result.values, k * width);
    events += result.events;
  }
  const reply: BatchResult = { first: request.first, count: request.count, values, events };
  port.postMessage(reply, [values.buffer]);
});
