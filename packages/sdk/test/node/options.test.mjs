// Outside a browser page there is no page to come back to: the options must name one, and saying
// which is the programmer's cue (a TypeError), never a network error the UI would retry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

const fetch = async () => new Response('{}', { status: 500 });

describe('options outside a browser page', () => {
  it('throws a TypeError naming linkUri when a link sign-in has no landing page', async () => {
    const { createClient } = await import('../../dist/index.js');
    const client = createClient({ issuer: 'https://id.example.com', clientId: 'app', fetch });
    assert.throws(() => client.start({ email: 'a@example.com' }, { delivery: 'link' }), { name: 'TypeError', message: /"linkUri"/ });
    client.close();
  });

  it('throws a TypeError naming redirectUri when redirect mode has no page to come back to', async () => {
    const { createClient } = await import('../../dist/index.js');
    const client = createClient({ issuer: 'https://id.example.com', clientId: 'app', fetch });
    assert.throws(() => client.authorizationUrl(), { name: 'TypeError', message: /"redirectUri"/ });
    client.close();
  });
});
