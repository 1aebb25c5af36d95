/** An async queue: socket callbacks push, the session loop awaits one input at a time. */
export class Inbox<T> {
  private items: T[] = [];
  private waiting: ((item: T) => void) | null = null;

  push(item: T): void {
    const waiter = this.waiting;
    if (waiter) {
      this.waiting = null;
      waiter(item);
    } else {
      this.items.push(item);
    }
  }

  next(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}
