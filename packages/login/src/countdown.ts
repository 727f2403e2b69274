import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { secondsUntil } from './steps/view.js';

/**
 * One clock for the element's countdowns (code expiry, resend, rate limit): ticks once a second
 * while any deadline is ahead, re-rendering the host, and reports each deadline it passes.
 */
export class Countdown implements ReactiveController {
  now = Date.now();
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #deadlines: () => number[];
  readonly #onPassed: (passed: (deadline: number) => boolean) => void;

  constructor(host: ReactiveControllerHost, deadlines: () => number[], onPassed: (passed: (deadline: number) => boolean) => void) {
    this.#host = host;
    this.#deadlines = deadlines;
    this.#onPassed = onPassed;
    host.addController(this);
  }

  /** Whole seconds until `deadline`, never negative. */
  secondsUntil(deadline: number): number {
    return secondsUntil(deadline, this.now);
  }

  start(): void {
    this.now = Date.now();
    this.#timer ??= setInterval(() => this.#tick(), 1000);
    this.#host.requestUpdate();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  hostDisconnected(): void {
    this.stop();
  }

  #tick(): void {
    const before = this.now;
    this.now = Date.now();
    this.#onPassed((deadline) => deadline > before && deadline <= this.now);
    if (!this.#deadlines().some((deadline) => deadline > this.now)) this.stop();
    this.#host.requestUpdate();
  }
}
