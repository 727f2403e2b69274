import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: '次回から指紋・顔認証・画面ロックですばやくログインできます。',
  passkeyCreate: 'パスキーを作成',
  passkeyDismiss: '今はしない',
  passkeyCreated: 'パスキーを作成しました。次回のログイン時にデバイスが表示します。',
  passkeyUnsupported: 'このブラウザではパスキーを使えません。引き続きコードでログインできます。',
  errors: {
    passkey_cancelled: 'パスキーがキャンセルされました。もう一度試すか、コードで続けてください。',
    passkey_unknown: 'このパスキーはもう使えません。コードで続けてください。',
    passkey_failed: 'このパスキーは受け付けられませんでした。コードで続けてください。',
    passkey_exists: 'このデバイスにはこのアカウントのパスキーがすでにあります。',
  },
};
