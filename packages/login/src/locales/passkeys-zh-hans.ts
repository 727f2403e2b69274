import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: '下次可用指纹、面容或屏幕锁更快登录。',
  passkeyCreate: '创建通行密钥',
  passkeyDismiss: '以后再说',
  passkeyCreated: '已创建通行密钥。下次登录时，您的设备会提供它。',
  passkeyUnsupported: '此浏览器无法使用通行密钥。您可以继续用验证码登录。',
  errors: {
    passkey_cancelled: '通行密钥已取消。请重试，或改用验证码继续。',
    passkey_unknown: '此通行密钥在这里已失效。请改用验证码继续。',
    passkey_failed: '此通行密钥未被接受。请改用验证码继续。',
    passkey_exists: '此设备已有该账号的通行密钥。',
  },
};
