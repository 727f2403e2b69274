/**
 * Address domains most people use, with real ones a slip away from them (mail.com, email.com,
 * ymail.com), so those are never "corrected". A code sent to gmial.com never arrives, and the
 * person waits for it; a suggestion before sending costs one click.
 */
const knownDomains = 'gmail.com googlemail.com yahoo.com ymail.com hotmail.com outlook.com icloud.com aol.com gmx.de gmx.net web.de t-online.de mail.com email.com'.split(' ');

/** Whether `typed` becomes `known` with one letter changed, added, dropped or two neighbours swapped. */
function oneSlipFrom(typed: string, known: string): boolean {
  let at = 0;
  while (at < typed.length && typed[at] === known[at]) at++;
  const rest = typed.slice(at + 1);
  return rest === known.slice(at + 1) || typed.slice(at) === known.slice(at + 1) || rest === known.slice(at)
    || (typed[at] === known[at + 1] && typed[at + 1] === known[at] && typed.slice(at + 2) === known.slice(at + 2));
}

/** The address with a well-known domain in place of a misspelt one (`mum@gmial.com` → `mum@gmail.com`), or `undefined`. */
export function suggestAddress(email: string): string | undefined {
  const split = email.lastIndexOf('@');
  const domain = email.slice(split + 1).toLowerCase();
  if (knownDomains.includes(domain)) return undefined;
  const known = knownDomains.find((candidate) => oneSlipFrom(domain, candidate));
  return known && `${email.slice(0, split)}@${known}`;
}
