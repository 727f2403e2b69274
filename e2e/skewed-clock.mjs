// A device whose wall clock is wrong, as a page sees it: `new Date()` and `Date.now()` answer the
// real time plus `offset` milliseconds, and keep running. Add it with `context.addInitScript(skewClock, offset)`.
// `performance.now()` is left alone: on a real device it is monotonic and follows no wall clock.

/** Replaces the page's `Date` with one `offset` milliseconds off. Runs in the page. */
export function skewClock(offset) {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args) {
      super(...(args.length ? args : [RealDate.now() + offset]));
    }

    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = SkewedDate;
}
