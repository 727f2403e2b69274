import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: 'Entre mais rápido da próxima vez com sua digital, seu rosto ou o bloqueio de tela.',
  passkeyCreate: 'Criar uma chave de acesso',
  passkeyDismiss: 'Agora não',
  passkeyCreated: 'Chave de acesso criada. Da próxima vez, seu dispositivo vai oferecê-la ao entrar.',
  passkeyUnsupported: 'Este navegador não pode usar chaves de acesso. Você pode continuar entrando com um código.',
  errors: {
    passkey_cancelled: 'A chave de acesso foi cancelada. Tente de novo ou continue com um código.',
    passkey_unknown: 'Esta chave de acesso não funciona mais aqui. Continue com um código.',
    passkey_failed: 'Esta chave de acesso não foi aceita. Continue com um código.',
    passkey_exists: 'Este dispositivo já tem uma chave de acesso para esta conta.',
  },
};
