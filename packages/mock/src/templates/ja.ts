import type { Template } from './template.js';

export const ja: Template = {
  locale: 'ja',
  direction: 'ltr',
  codeSubject: 'ログインコード',
  linkSubject: 'ログインリンク',
  codeBody: 'ログインコードは {code} です。有効期間は{duration}です。',
  linkIntro: 'このリンクを開いてログインしてください。有効期間は{duration}です。',
  linkAction: 'ログイン',
  linkFallback: 'または、ログインページでこのコードを入力してください：{code}',
  phraseLine: 'ログインページには「{phrase}」という言葉が表示されます。一致する場合のみ続けてください。',
  ignoreLine: 'ログインをリクエストしていない場合は、このメッセージを無視してください。',
  sms: '{code} はログインコードです。',
  smsLink: '{code} はログインコードです。またはこちらを開いてください：{link}',
};
