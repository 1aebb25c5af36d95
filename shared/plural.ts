/** "1 address", "2 addresses", "10,000 deliveries": a count with its noun agreeing. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
