import type { MxTarget } from '../dns/mx-targets';
import { duration } from './describe';

/** How the walk overlaps addresses that keep it waiting (RFC 8305's idea, on the MX list). */
export interface Stagger {
  /** Start the next address when the one being tried has not greeted within this; 0: never. */
  delayMs: number;
  /** At most this many connections at once. */
  maxInFlight: number;
  /** A more preferred address that greets within this of a less preferred one still wins. */
  graceMs: number;
}

export const DEFAULT_STAGGER: Stagger = { delayMs: 2000, maxInFlight: 3, graceMs: 100 };

/** The stagger for a delay in seconds (absent: the default 2 s; 0: one address at a time). */
export function staggerOf(seconds: number | undefined): Stagger {
  if (seconds === undefined) return DEFAULT_STAGGER;
  return { ...DEFAULT_STAGGER, delayMs: Math.round(seconds * 1000) };
}

/**
 * One address being tried. `atGreeting`, when given, must be called by the session when the
 * server's 220 arrives and before it says anything else: it resolves true for the one session
 * that may go on to EHLO and the envelope, false for every other (which then QUITs).
 */
export interface Racer<R> {
  done: Promise<R>;
  /** Stop an address that has not won: close it, or QUIT if it greeted; says why. */
  abandon(reason: string): void;
}

export type StartAddress<R> = (
  target: MxTarget,
  next: MxTarget | undefined,
  atGreeting: (() => Promise<boolean>) | undefined,
) => Racer<R>;

interface Running<R> {
  index: number;
  racer: Racer<R>;
  startedAt: number;
  /** Greeted and waiting to hear whether it won. */
  waiting: ((won: boolean) => void) | null;
  /** Told to stop: its end decides nothing. */
  lost: boolean;
  ended: boolean;
}

const label = (t: MxTarget) => (t.preference === null ? t.host : `MX ${t.preference}`);

/**
 * Walk a route's addresses in order (Postfix's smtp_connect), never stuck on one that says
 * nothing: when the address being tried has not greeted within the stagger delay, the next
 * starts beside it, up to maxInFlight. The first to greet with 220 wins and alone goes on past
 * the greeting; the others are closed (QUIT if they greeted) before MAIL FROM, so nothing can
 * be sent twice. An address that answers before greeting (refused, 421, a timeout) is that
 * address's answer: `goOn` decides whether the walk moves on, and it does at once. After the
 * winner's session, `goOn` decides whether to go on to the addresses not yet tried. With a
 * delay of 0 it is the plain walk, one address at a time. Returns the result that decided
 * (the winner's, else the last address's answer).
 */
export function raceAddresses<R>(
  targets: readonly MxTarget[],
  start: StartAddress<R>,
  goOn: (result: R, next: MxTarget) => boolean | Promise<boolean>,
  stagger: Stagger,
): Promise<{ result: R; target: MxTarget } | null> {
  const racing = stagger.delayMs > 0 && stagger.maxInFlight > 1;
  const running: Running<R>[] = [];
  let nextIndex = 0;
  let winner: Running<R> | null = null;
  let stopped = false;
  /** The walk should go on, but every slot is taken by connections being closed. */
  let wanted = false;
  let last: { result: R; target: MxTarget } | null = null;
  let timer: NodeJS.Timeout | null = null;

  return new Promise((resolve, reject) => {
    const live = () => running.filter((r) => !r.ended);
    const room = () => live().length < stagger.maxInFlight && nextIndex < targets.length;
    const disarm = () => {
      if (timer) clearTimeout(timer);
      timer = null;
    };
    const arm = () => {
      disarm();
      if (!racing || stopped || winner || nextIndex >= targets.length) return;
      timer = setTimeout(() => {
        timer = null;
        if (!winner && !stopped && room()) launch();
        else arm();
      }, stagger.delayMs);
    };
    const lose = (other: Running<R>, reason: string) => {
      other.lost = true;
      const tell = other.waiting;
      other.waiting = null;
      // The reason first: a session told "no" alone can only say another address won.
      other.racer.abandon(reason);
      tell?.(false);
    };
    const choose = (won: Running<R>) => {
      winner = won;
      disarm();
      const target = targets[won.index] as MxTarget;
      for (const other of live()) {
        if (other !== won)
          lose(
            other,
            `${label(target)} greeted first, ${duration(Date.now() - other.startedAt)} into this attempt`,
          );
      }
      const tell = won.waiting;
      won.waiting = null;
      tell?.(true);
    };
    const greeted = (me: Running<R>) => () =>
      new Promise<boolean>((answer) => {
        if (winner || stopped || me.lost) return answer(false);
        me.waiting = answer;
        const preferred = live().some((r) => r.index < me.index && !r.waiting);
        if (!preferred) return choose(me);
        // A more preferred address is still trying: give it the grace to greet too.
        setTimeout(() => {
          if (!winner && !stopped && me.waiting) choose(me);
        }, stagger.graceMs);
      });
    const launch = () => {
      wanted = false;
      const index = nextIndex++;
      const target = targets[index] as MxTarget;
      const me: Running<R> = {
        index,
        racer: undefined as unknown as Racer<R>,
        startedAt: Date.now(),
        waiting: null,
        lost: false,
        ended: false,
      };
      running.push(me);
      me.racer = start(target, targets[index + 1], racing ? greeted(me) : undefined);
      arm();
      me.racer.done.then(
        (result) => ended(me, result),
        (error) => {
          stopped = true;
          disarm();
          for (const other of live()) if (other !== me) lose(other, 'the walk failed');
          reject(error);
        },
      );
    };
    const finishIfIdle = () => {
      if (live().length === 0 && (stopped || nextIndex >= targets.length) && !wanted) {
        disarm();
        resolve(last);
      } else if (wanted && room()) launch();
    };
    const ended = async (me: Running<R>, result: R) => {
      me.ended = true;
      if (me.lost) return finishIfIdle();
      last = { result, target: targets[me.index] as MxTarget };
      const wasWinner = winner === me;
      if (wasWinner) winner = null;
      const next = targets[nextIndex];
      const go = !stopped && next !== undefined && (await goOn(result, next));
      // While goOn was asked, another may have greeted and won: it carries the walk now.
      if (winner) return;
      if (go) {
        // One that greeted is about to win: nothing more to start.
        if (live().some((r) => r.waiting)) return;
        if (room()) launch();
        else wanted = true;
        return;
      }
      if (!stopped && !next && !wasWinner && live().some((r) => !r.lost)) return;
      stopped = true;
      wanted = false;
      disarm();
      for (const other of live()) lose(other, `${label(last.target)} answered first`);
      finishIfIdle();
    };
    if (!targets.length) return resolve(null);
    launch();
  });
}
