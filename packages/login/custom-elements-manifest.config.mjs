// `npm run analyze -w @pwless/login` writes custom-elements.json: attributes, properties, events,
// slots, parts, CSS custom properties and custom states, all read from the JSDoc of the source.

/** Keeps the manifest to the public surface: internal state is no attribute, events come from `@fires`. */
function publicSurfaceOnly() {
  return {
    name: 'pwless-public-surface',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          const hidden = new Set((declaration.members ?? []).filter((member) => member.privacy && member.privacy !== 'public').map((member) => member.name));
          declaration.attributes = declaration.attributes?.filter((attribute) => !hidden.has(attribute.fieldName));
          declaration.events = declaration.events?.filter((event) => event.name?.startsWith('pwless-'));
          const events = new Map([['pwless-sent', 'PwlessSentEvent'], ['pwless-signed-in', 'PwlessSignedInEvent'], ['pwless-error', 'PwlessErrorEvent'], ['pwless-signed-out', 'PwlessSignedOutEvent']]);
          for (const event of declaration.events ?? []) event.type = { text: events.get(event.name) };
        }
      }
    },
  };
}

export default {
  globs: ['src/pwless-login.ts', 'src/events.ts'],
  outdir: '.',
  litelement: true,
  packagejson: true,
  plugins: [publicSurfaceOnly()],
};
