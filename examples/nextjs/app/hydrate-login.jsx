'use client';
// Loaded in the browser only, hydration support first: the element's module brings lit, which asks for it once.
import { useEffect } from 'react';

export function HydrateLogin() {
  useEffect(() => {
    void import('@pwless/login/hydrate').then(() => import('@pwless/login'));
  }, []);
  return null;
}
