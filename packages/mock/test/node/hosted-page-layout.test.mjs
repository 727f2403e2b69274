// The hosted page as a person sees it: a real browser, a 320 px phone, a dark system theme.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { latestMessage, redirectRequest, startProvider } from './oauth-client.mjs';
import { launchOptions } from './official-client-app.mjs';

/** WCAG 2 contrast ratio of two computed `rgb(…)` colours. */
function contrast(first, second) {
  const luminance = (color) => {
    const [r, g, b] = color.match(/[\d.]+/g).slice(0, 3).map((channel) => {
      const value = Number(channel) / 255;
      return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

/** What the checks need from the page in the browser: overflow, the card's box, the colours. */
function measure() {
  const style = (element) => getComputedStyle(element);
  const main = document.querySelector('main');
  const box = main.getBoundingClientRect();
  const color = (selector, property) => {
    const element = document.querySelector(selector);
    return element ? style(element)[property] : undefined;
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    viewportWidth: document.documentElement.clientWidth,
    card: { left: box.left, right: box.right },
    body: color('body', 'backgroundColor'),
    cardBackground: color('main', 'backgroundColor'),
    text: color('main', 'color'),
    input: { color: color('input:not([type=hidden])', 'color'), background: color('input:not([type=hidden])', 'backgroundColor'), border: color('input:not([type=hidden])', 'borderTopColor') },
    button: { color: color('button:not(.secondary)', 'color'), background: color('button:not(.secondary)', 'backgroundColor') },
    secondary: color('button.secondary', 'color'),
    error: color('.error', 'color'),
  };
}

describe('the hosted page on a 320 px phone with a dark system theme', () => {
  let provider;
  let browser;
  let page;

  before(async () => {
    provider = await startProvider();
    browser = await chromium.launch(launchOptions);
    page = await browser.newPage({ viewport: { width: 320, height: 640 }, colorScheme: 'dark' });
  });
  after(async () => {
    await browser?.close();
    await provider?.close();
  });

  /** Opens the address form of a fresh authorization request in `language`. */
  async function openAddressForm(language) {
    const { parameters } = await redirectRequest({ ui_locales: language });
    const url = new URL(provider.as.authorization_endpoint);
    url.search = new URLSearchParams(parameters).toString();
    await page.goto(url.href);
  }

  /** Checks what every page must keep: dark, readable, inside the screen with a margin. */
  function assertDarkAndInside(seen) {
    assert.ok(seen.scrollWidth <= seen.viewportWidth, `nothing scrolls sideways (${seen.scrollWidth} > ${seen.viewportWidth})`);
    assert.ok(seen.card.left >= 8 && seen.card.right <= seen.viewportWidth - 8, `the card keeps a margin (${seen.card.left}–${seen.card.right})`);
    assert.ok(contrast(seen.body, 'rgb(0, 0, 0)') < 1.5, `the page is dark (${seen.body})`);
    assert.ok(contrast(seen.cardBackground, 'rgb(0, 0, 0)') < 2, `the card is dark (${seen.cardBackground})`);
    assert.ok(contrast(seen.text, seen.cardBackground) >= 4.5, `text ${seen.text} on ${seen.cardBackground}`);
  }

  it('shows the address form dark, readable and inside the screen', async () => {
    await openAddressForm('en');
    const seen = await page.evaluate(measure);
    assertDarkAndInside(seen);
    assert.ok(contrast(seen.input.color, seen.input.background) >= 4.5, `field text ${seen.input.color} on ${seen.input.background}`);
    assert.ok(contrast(seen.input.border, seen.cardBackground) >= 4.5, `field border ${seen.input.border} on ${seen.cardBackground}`);
    assert.ok(contrast(seen.button.color, seen.button.background) >= 4.5, `button ${seen.button.color} on ${seen.button.background}`);
  });

  it('shows a refused address in a readable error colour', async () => {
    await openAddressForm('en');
    await page.fill('#login_hint', 'not an address');
    await page.click('button[type=submit]');
    const seen = await page.evaluate(measure);
    assertDarkAndInside(seen);
    assert.ok(contrast(seen.error, seen.cardBackground) >= 4.5, `error ${seen.error} on ${seen.cardBackground}`);
  });

  it('keeps the German code step, with its long button labels, inside the screen', async () => {
    await openAddressForm('de');
    await page.fill('#login_hint', 'a.very.long.address.for.a.small.screen@example.com');
    await page.click('button[type=submit]');
    await page.waitForSelector('#otp');
    const seen = await page.evaluate(measure);
    assertDarkAndInside(seen);
    assert.ok(contrast(seen.secondary, seen.cardBackground) >= 4.5, `secondary button ${seen.secondary} on ${seen.cardBackground}`);
    assert.ok((await latestMessage(provider.as, 'a.very.long.address.for.a.small.screen@example.com')).code);
  });

  it('keeps the page that ends a sign-in dark and inside the screen', async () => {
    await page.goto(new URL('/authorize?client_id=stranger&ui_locales=fr', provider.as.issuer).href);
    const seen = await page.evaluate(measure);
    assertDarkAndInside(seen);
    assert.ok(contrast(seen.error, seen.cardBackground) >= 4.5, `error ${seen.error} on ${seen.cardBackground}`);
  });

  it('keeps the logout page dark and inside the screen', async () => {
    await page.goto(new URL('/logout?ui_locales=de', provider.as.issuer).href);
    assertDarkAndInside(await page.evaluate(measure));
  });

  it('stays light, just as readable, on a light system', async () => {
    const light = await browser.newPage({ viewport: { width: 320, height: 640 }, colorScheme: 'light' });
    const { parameters } = await redirectRequest();
    const url = new URL(provider.as.authorization_endpoint);
    url.search = new URLSearchParams(parameters).toString();
    await light.goto(url.href);
    const seen = await light.evaluate(measure);
    assert.ok(contrast(seen.cardBackground, 'rgb(255, 255, 255)') < 1.1, `the card is light (${seen.cardBackground})`);
    assert.ok(contrast(seen.text, seen.cardBackground) >= 4.5, `text ${seen.text} on ${seen.cardBackground}`);
    assert.ok(contrast(seen.input.border, seen.cardBackground) >= 4.5, `field border ${seen.input.border} on ${seen.cardBackground}`);
    assert.ok(contrast(seen.button.color, seen.button.background) >= 4.5, `button ${seen.button.color} on ${seen.button.background}`);
    assert.ok(seen.card.left >= 8 && seen.scrollWidth <= seen.viewportWidth, 'inside the screen with a margin');
  });
});
