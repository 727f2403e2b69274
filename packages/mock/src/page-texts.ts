import { ar } from './page-text/ar.js';
import { de } from './page-text/de.js';
import { en } from './page-text/en.js';
import { es } from './page-text/es.js';
import { fr } from './page-text/fr.js';
import { he } from './page-text/he.js';
import { it } from './page-text/it.js';
import { ja } from './page-text/ja.js';
import { nl } from './page-text/nl.js';
import { pl } from './page-text/pl.js';
import type { PageText } from './page-text/page-text.js';
import { ptBR } from './page-text/pt-br.js';
import { zhHans } from './page-text/zh-hans.js';

/** The hosted page's words by BCP 47 tag: the same languages as the messages and the element. */
export const pageTexts: Readonly<Record<string, PageText>> = Object.freeze(
  Object.fromEntries([en, de, fr, es, it, ptBR, nl, pl, ja, zhHans, ar, he].map((text) => [text.locale, text])),
);

export type { PageText };
