import type { Template } from './template.js';

export const zhHans: Template = {
  locale: 'zh-Hans',
  direction: 'ltr',
  codeSubject: '您的登录验证码',
  linkSubject: '您的登录链接',
  codeBody: '您的登录验证码是 {code}，有效期为{duration}。',
  linkIntro: '请打开此链接登录，有效期为{duration}。',
  linkAction: '登录',
  linkFallback: '也可以在登录页面输入此验证码：{code}',
  phraseLine: '登录页面会显示“{phrase}”字样。只有一致时才继续。',
  ignoreLine: '如果您没有请求登录，请忽略此消息。',
  sms: '{code} 是您的登录验证码。',
  smsLink: '{code} 是您的登录验证码。也可以打开 {link}',
};
