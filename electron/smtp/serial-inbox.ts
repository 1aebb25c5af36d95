/**
 * Inputs handled one at a time, in arrival order. One that arrives while another is being
 * handled (a listener cancelling from inside an event, a socket error raised by a write)
 * waits its turn instead of running in the middle of it.
 */
export class SerialInbox<T> {
  private readonly backlog: T[] = [];
  private handling = false;

  constructor(private readonly handle: (input: T) => void) {}

  push(input: T): void {
    if (this.handling) {
      this.backlog.push(input);
      return;
    }
    this.handling = true;
    try {
      this.handle(input);
      for (let next = this.backlog.shift(); next; next = this.backlog.shift()) this.handle(next);
    } finally {
      this.handling = false;
    }
  }
}
