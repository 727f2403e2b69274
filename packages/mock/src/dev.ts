import { mergeConfig } from './config.js';
import type { Context } from './context.js';
import { answer, fail, type Answer } from './http.js';

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return fail(400, 'invalid_request', 'the body must be JSON');
  }
}

/** GET|DELETE /_mock/inbox: what the provider sent, newest last. */
export function inboxEndpoint(context: Context, request: Request): Answer {
  if (request.method === 'DELETE') {
    context.state.inbox = [];
    context.notify({ type: 'inbox' });
    return answer(204, null);
  }
  return answer(200, context.state.inbox);
}

/** GET|PUT /_mock/config: the policies in force. */
export async function configEndpoint(context: Context, request: Request): Promise<Answer> {
  if (request.method === 'PUT') {
    try {
      context.state.config = mergeConfig(context.state.config, await readJson(request));
    } catch (error) {
      if (error instanceof TypeError) fail(400, 'invalid_request', error.message);
      throw error;
    }
  }
  return answer(200, context.state.config);
}
