/** What Kratos offers a browser, in its order (x/isjsonrequest.go); HTML wins unless JSON is preferred. */
const offers = ['text/html', 'text/*', '*/*', 'application/json'];

/**
 * `x.IsJSONRequest`: a JSON body, or content negotiation over `Accept` that picks JSON. A bare
 * `Accept: *\/*` (fetch's default) picks HTML, so a browser client must ask for JSON.
 */
export function wantsJson(request: Request): boolean {
  if (request.headers.get('content-type') === 'application/json') return true;
  const specs = (request.headers.get('accept') ?? '').split(',').map((part) => {
    const [value = '', ...parameters] = part.split(';').map((piece) => piece.trim());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    return { value: value.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
  }).filter((spec) => spec.value !== '' && Number.isFinite(spec.q));
  let best = { offer: 'text/html', q: -1, wildness: 3 };
  for (const offer of offers) {
    for (const { value, q } of specs) {
      if (q === 0 || q < best.q) continue;
      if (value === '*/*') {
        if (q > best.q || best.wildness > 2) best = { offer, q, wildness: 2 };
      } else if (value.endsWith('/*')) {
        if (offer.startsWith(value.slice(0, -1)) && (q > best.q || best.wildness > 1)) best = { offer, q, wildness: 1 };
      } else if (value === offer && (q > best.q || best.wildness > 0)) {
        best = { offer, q, wildness: 0 };
      }
    }
  }
  return best.offer === 'application/json';
}
