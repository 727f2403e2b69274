import type { TemplateResult } from 'lit';
import type { Step, View } from './view.js';

type RenderStep = (view: View) => TemplateResult;

/** The steps a code sign-in never shows: each is a chunk of its own, fetched when its kind of sign-in begins. */
const loaders: Partial<Record<Step, () => Promise<RenderStep>>> = {
  'link-sent': () => import('./link-sent.js').then((module) => module.renderLinkSent),
  landing: () => import('./landing.js').then((module) => module.renderLanding),
};

/** Each lazy step's render function once its chunk is in; `null` when the chunk could not load. */
const arrived = new Map<Step, RenderStep | null>();
const loading = new Map<Step, Promise<void>>();

/** Starts fetching a lazy step (once); `undefined` when there is nothing to wait for: not lazy, already here, or failed. */
export function loadStep(step: Step): Promise<void> | undefined {
  const load = loaders[step];
  if (!load || arrived.has(step)) return undefined;
  let promise = loading.get(step);
  if (!promise) loading.set(step, (promise = load().then((render) => void arrived.set(step, render), () => void arrived.set(step, null))));
  return promise;
}

/**
 * Fetches a step whose chunk could not load once more ("Try again", or the browser back online):
 * browsers fetch a failed dynamic import again. `undefined` when the step had not failed.
 */
export function retryStep(step: Step): Promise<void> | undefined {
  if (arrived.get(step) !== null) return undefined;
  arrived.delete(step);
  loading.delete(step);
  return loadStep(step);
}

/** A lazy step's render function: `undefined` while it is on its way, `null` if its chunk could not load. */
export function arrivedStep(step: Step): RenderStep | null | undefined {
  return arrived.get(step);
}
