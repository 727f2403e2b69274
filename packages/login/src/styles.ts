import { css } from 'lit';

/**
 * Public tokens are read once on :host into private `--_x` aliases, so a value set on :root or any
 * ancestor inherits in, and rules only ever use the aliases.
 */
export const styles = css`
  :host {
    --_accent: var(--pwless-color-accent, #1a56db);
    --_on-accent: var(--pwless-color-on-accent, #ffffff);
    --_surface: var(--pwless-color-surface, #ffffff);
    --_text: var(--pwless-color-text, #1f2328);
    --_muted: var(--pwless-color-muted, #57606a);
    --_border: var(--pwless-color-border, #8c959f);
    --_danger: var(--pwless-color-danger, #b42318);
    --_success: var(--pwless-color-success, #1a7f37);
    --_focus: var(--pwless-color-focus, #1a56db);
    --_radius: var(--pwless-radius, 8px);
    --_space: var(--pwless-space, 16px);
    --_font: var(--pwless-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--pwless-font-size, 16px);
    --_max-width: var(--pwless-max-width, 24rem);
    --_field-height: var(--pwless-field-height, 2.75rem);
    display: block;
    max-inline-size: var(--_max-width);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    color: var(--_text);
    color-scheme: light dark;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--pwless-color-accent, #7aa7ff);
      --_on-accent: var(--pwless-color-on-accent, #0b1220);
      --_surface: var(--pwless-color-surface, #161b22);
      --_text: var(--pwless-color-text, #e6edf3);
      --_muted: var(--pwless-color-muted, #9da7b3);
      --_border: var(--pwless-color-border, #6e7681);
      --_danger: var(--pwless-color-danger, #ff8d85);
      --_success: var(--pwless-color-success, #56d364);
      --_focus: var(--pwless-color-focus, #7aa7ff);
    }
  }
  [part~='container'] {
    box-sizing: border-box;
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  [part~='heading'] {
    font-size: 1.375em;
    line-height: 1.3;
    margin-block: 0 calc(var(--_space) * 0.75);
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  label {
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
    min-block-size: var(--_field-height);
    padding-inline: 0.75em;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='code-input'] {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.5em;
    font-size: 1.5em;
    text-align: center;
  }
  [part~='input'][aria-invalid='true'] {
    border-color: var(--_danger);
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
  }
  [part~='button'] {
    min-block-size: var(--_field-height);
    padding-inline: 1em;
    border: 1px solid transparent;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  [part~='link-button'] {
    justify-self: start;
    padding: 0.25em 0;
    border: none;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.65;
  }
  :is(button, input):focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
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
  [part~='signed-in'] {
    display: grid;
    gap: calc(var(--_space) * 0.75);
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
    button {
      transition: opacity 120ms ease;
    }
  }
`;
