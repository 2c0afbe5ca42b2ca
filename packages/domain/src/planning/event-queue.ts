/**
 * The future event list of a discrete-event simulation: a binary min-heap on time, with ties
 * broken by the order events were scheduled, so that a run is the same for the same seed.
 */
export class EventQueue<T> {
  #times: number[] = [];
  #orders: number[] = [];
  #items: T[] = [];
  #scheduled = 0;

  /** How many events are waiting. */
  get size(): number {
    return this.#items.length;
  }

  /** Schedules an event at a time. */
  push(time: number, item: T): void {
    this.#times.push(time);
    this.#orders.push(this.#scheduled++);
    this.#items.push(item);
    this.#up(this.#items.length - 1);
  }

  /** Takes the earliest event, or undefined when none is left. */
  pop(): { time: number; item: T } | undefined {
    const n = this.#items.length;
    if (n === 0) return undefined;
    const time = this.#times[0] as number;
    const item = this.#items[0] as T;
    this.#swap(0, n - 1);
    this.#times.pop();
    this.#orders.pop();
    this.#items.pop();
    this.#down(0);
    return { time, item };
  }

  #before(i: number, j: number): boolean {
    const ti = this.#times[i] as number;
    const tj = this.#times[j] as number;
    return ti < tj || (ti === tj && (this.#orders[i] as number) < (this.#orders[j] as number));
  }

  #swap(i: number, j: number): void {
    [this.#times[i], this.#times[j]] = [this.#times[j] as number, this.#times[i] as number];
    [this.#orders[i], this.#orders[j]] = [this.#orders[j] as number, this.#orders[i] as number];
    [this.#items[i], this.#items[j]] = [this.#items[j] as T, this.#items[i] as T];
  }

  #up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(index: number): void {
    const n = this.#items.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.#before(left, smallest)) smallest = left;
      if (right < n && this.#before(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }
}
