import { unsafeCSS, type CSSResult } from 'lit';

/**
 * The styles are one static template: it becomes a stylesheet as it is, without lit's `css` tag,
 * whose checks of interpolated values (there are none here) the sign-in would download for nothing.
 * Named `css`, so the build still minifies the template.
 */
const css = (strings: TemplateStringsArray): CSSResult => unsafeCSS(strings[0]);

/**
 * Public tokens are read once on :host into private `--_x` aliases, so a value set on :root or any
 * ancestor inherits in, and rules only ever use the aliases. Colours use `light-dark()`, so they
 * follow `prefers-color-scheme` unless the page sets `color-scheme` (on the element, an ancestor,
 * or through `--pwless-color-scheme`). Every default pair meets 4.5:1 contrast.
 */
export const styles = css`
  :host {
    --_accent: var(--pwless-color-accent, light-dark(#1a56db, #8ab4ff));
    --_on-accent: var(--pwless-color-on-accent, light-dark(#ffffff, #0b1220));
    --_surface: var(--pwless-color-surface, light-dark(#ffffff, #161b22));
    --_field: var(--pwless-color-field, light-dark(#ffffff, #0d1117));
    --_text: var(--pwless-color-text, light-dark(#1f2328, #e6edf3));
    --_muted: var(--pwless-color-muted, light-dark(#57606a, #9da7b3));
    --_border: var(--pwless-color-border, light-dark(#6e7781, #8b949e));
    --_danger: var(--pwless-color-danger, light-dark(#b42318, #ff9b94));
    --_focus: var(--pwless-color-focus, light-dark(#1a56db, #8ab4ff));
    --_radius: var(--pwless-radius, 8px);
    --_space: var(--pwless-space, 16px);
    --_gap: var(--pwless-gap, 12px);
    --_font: var(--pwless-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--pwless-font-size, 1rem);
    --_heading-size: var(--pwless-heading-size, 1.375em);
    --_max-width: var(--pwless-max-width, 24rem);
    --_field-height: var(--pwless-field-height, 2.75rem);
    --_border-width: var(--pwless-border-width, 1px);
    --_shadow: var(--pwless-shadow, none);
    --_duration: var(--pwless-transition-duration, 150ms);
    color-scheme: var(--pwless-color-scheme, light dark);
    display: block;
    max-inline-size: var(--_max-width);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    color: var(--_text);
    overflow-wrap: anywhere;
    /* Japanese and Chinese lines never start with a small kana, a prolonged-sound mark or closing punctuation. */
    line-break: strict;
  }
  /*
   * Japanese breaks between phrases (文節) rather than inside words where the browser can (Chromium),
   * and every language avoids a last line of one word or character.
   */
  [part~='container'] {
    word-break: auto-phrase;
    text-wrap: pretty;
  }
  [hidden] {
    display: none !important;
  }
  [part~='container'] {
    box-sizing: border-box;
    display: grid;
    gap: var(--_gap);
    background: var(--_surface);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    padding: var(--_space);
  }
  [part~='heading'] {
    font-size: var(--_heading-size);
    line-height: 1.3;
    margin: 0;
  }
  [part~='form'],
  [part~='signed-in'],
  [part~='passkey-offer'] {
    display: grid;
    gap: var(--_gap);
    min-inline-size: 0;
  }
  [part~='label'] {
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  [part~='hint'],
  [part~='countdown'] {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='input'] {
    box-sizing: border-box;
    inline-size: 100%;
    min-inline-size: 0;
    min-block-size: var(--_field-height);
    padding-inline: 0.75em;
    font: inherit;
    color: var(--_text);
    background: var(--_field);
    border: var(--_border-width) solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='input']:not([part~='code-input'])[aria-invalid='true'],
  [part~='code-field']:has([aria-invalid='true']) [part~='code-cell'] {
    border-color: var(--_danger);
  }
  [part~='code-field'] {
    position: relative;
    min-inline-size: 0;
  }
  /* The digits are drawn by the cells; the real field stays on top to take typing, paste and autofill. */
  [part~='code-cells'] {
    display: grid;
    grid-auto-flow: column;
    grid-auto-columns: minmax(0, 3rem);
    gap: 0.375rem;
    direction: ltr;
  }
  /* Digits stay left to right, but the row starts where every other line of a right-to-left text does. */
  [dir='rtl'] [part~='code-cells'] {
    justify-content: end;
  }
  [part~='code-cell'] {
    box-sizing: border-box;
    display: grid;
    place-items: center;
    min-block-size: 3.25rem;
    font-size: 1.5em;
    font-variant-numeric: tabular-nums;
    background: var(--_field);
    border: var(--_border-width) solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='code-field']:focus-within [part~='code-cell-active'] {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  /* In forced colours (Windows high contrast) the field keeps its transparency, or its digits would double the cells'. */
  [part~='code-input'] {
    forced-color-adjust: none;
    position: absolute;
    inset: 0;
    block-size: 100%;
    color: transparent;
    caret-color: transparent;
    background: transparent;
    border-color: transparent;
    letter-spacing: 1em;
  }
  [part~='code-input']::selection {
    background: transparent;
  }
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em var(--_gap);
  }
  button,
  a {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
  }
  [part~='button'] {
    box-sizing: border-box;
    display: inline-grid;
    place-items: center;
    min-block-size: var(--_field-height);
    padding-inline: 1em;
    border: var(--_border-width) solid transparent;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
    text-decoration: none;
  }
  [part~='link-button'] {
    padding: 0.25em 0;
    border: none;
    background: none;
    color: var(--_accent);
    text-align: start;
    text-decoration: underline;
  }
  button:disabled {
    cursor: not-allowed;
  }
  [part~='button']:disabled {
    background: var(--_muted);
    color: var(--_surface);
  }
  [part~='link-button']:disabled {
    color: var(--_muted);
    text-decoration: none;
  }
  /* Texts that only take focus so a screen reader reads them (tabindex -1) get no ring: a framed sentence looks like a field. */
  :is(button, input, a, [tabindex]:not([tabindex='-1'])):focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  /* The active cell shows the focus instead of the transparent field. */
  [part~='code-field'] [part~='code-input']:focus-visible {
    outline: none;
  }
  [part~='error'] {
    color: var(--_danger);
    font-weight: 600;
  }
  [part~='error']:empty {
    display: none;
  }
  [part~='phrase'] {
    font-weight: 600;
  }
  [part~='landing-time'],
  [part~='landing-device'] {
    white-space: nowrap;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: no-preference) {
    button,
    [part~='code-cell'] {
      transition: background-color var(--_duration) ease, border-color var(--_duration) ease;
    }
  }
`;
