// Next.js App Router: a server component renders the element's first step in the page's language;
// the client component below hydrates it.
import { HydrateLogin } from './hydrate-login.jsx';

export const dynamic = 'force-dynamic';

export default async function Page() {
  // Imported by Node itself, not bundled: Lit SSR and the element share one copy of lit on the server.
  const { renderPwlessLogin } = await import(/* webpackIgnore: true */ '@pwless/login/ssr');
  const login = await renderPwlessLogin({ lang: 'de', issuer: process.env.PWLESS_ISSUER ?? 'https://id.example.com', 'client-id': 'pwless-demo' });
  return (
    <main>
      {/* The browser turns the <template shadowrootmode> into the element's shadow root, so the div's innerHTML no longer reads as sent. */}
      <div suppressHydrationWarning dangerouslySetInnerHTML={{ __html: login }} />
      <HydrateLogin />
    </main>
  );
}
