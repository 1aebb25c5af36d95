let lastSecond = -1;
let prefix = '';

/**
 * new Date(ms).toISOString(), without formatting a Date each time: the part up to the
 * seconds is cached per second and the milliseconds appended. Sessions stamp dozens of
 * transcript lines each, and toISOString showed in profiles (see bench/README.md).
 */
export function isoNow(ms = Date.now()): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    prefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const millis = ms - second * 1000;
  return `${prefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
