import { appwrite } from './appwrite/variant.js';
import { auth0 } from './auth0/variant.js';
import { firebase } from './firebase/variant.js';
import { kratos } from './kratos/variant.js';
import { stytch } from './stytch/variant.js';
import { supabase } from './supabase/variant.js';
import type { Variant } from './variant.js';

/** The vendor variants of the mock, by the `dialect` name the SDK and the element use. */
export const variants = { appwrite, auth0, kratos, supabase, stytch, firebase } satisfies Record<string, Variant>;

/** `pwless` is the mock's own provider (the pwless profile); the others reproduce a vendor's API. */
export type Dialect = 'pwless' | keyof typeof variants;

export const dialects: readonly Dialect[] = ['pwless', ...(Object.keys(variants) as (keyof typeof variants)[])];

/** The variant of a dialect, or `undefined` for `pwless`; an unknown name is a programmer mistake. */
export function variantOf(dialect: string): Variant | undefined {
  if (dialect === 'pwless') return undefined;
  if (!Object.hasOwn(variants, dialect)) throw new TypeError(`dialect must be one of ${dialects.map((name) => `"${name}"`).join(', ')}`);
  return variants[dialect as keyof typeof variants];
}
