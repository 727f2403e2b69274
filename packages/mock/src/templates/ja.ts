import type { Template } from './template.js';

export const ja: Template = {
  locale: 'ja',
  direction: 'ltr',
  codeSubject: 'サインインコード',
  linkSubject: 'サインインリンク',
  codeBody: 'サインインコードは {code} です。有効期間は{duration}です。',
  linkIntro: 'このリンクを開いてサインインしてください。有効期間は{duration}です。',
  linkAction: 'サインイン',
  linkFallback: 'または、サインインページでこのコードを入力してください: {code}',
  phraseLine: 'サインインページには「{phrase}」という言葉が表示されます。一致する場合のみ続けてください。',
  ignoreLine: 'サインインをリクエストしていない場合は、このメッセージを無視してください。',
  sms: '{code} はサインインコードです。',
  smsLink: '{code} はサインインコードです。またはこちらを開いてください: {link}',
};
