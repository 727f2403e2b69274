import type { MessageOverrides } from './en.js';

/**
 * The passkey texts of every language, a chunk of their own: loaded with the element's passkey
 * part (autofill on a device that has used a passkey, or the offer after a sign-in), never on a
 * plain code sign-in. The page's `messages` overrides still win over them.
 */
export const passkeyTexts: Record<string, MessageOverrides> = {
  'en': {
    passkeyOffer: 'Sign in faster next time with your fingerprint, face or screen lock.',
    passkeyCreate: 'Create a passkey',
    passkeyDismiss: 'Not now',
    passkeyCreated: 'Passkey created. Next time your device offers it when you sign in.',
    passkeyUnsupported: 'This browser cannot use passkeys. You can keep signing in with a code.',
    errors: {
      passkey_cancelled: 'The passkey was cancelled. Try again, or continue with a code.',
      passkey_unknown: 'This passkey no longer works here. Please continue with a code.',
      passkey_failed: 'This passkey was not accepted. Please continue with a code.',
      passkey_exists: 'This device already has a passkey for this account.',
    },
  },
  'de': {
    passkeyOffer: 'Melden Sie sich nächstes Mal schneller an – mit Fingerabdruck, Gesicht oder Displaysperre.',
    passkeyCreate: 'Passkey erstellen',
    passkeyDismiss: 'Nicht jetzt',
    passkeyCreated: 'Passkey erstellt. Beim nächsten Mal bietet Ihr Gerät ihn zur Anmeldung an.',
    passkeyUnsupported: 'Dieser Browser kann keine Passkeys nutzen. Sie können sich weiter mit einem Code anmelden.',
    errors: {
      passkey_cancelled: 'Der Passkey wurde abgebrochen. Versuchen Sie es erneut oder fahren Sie mit einem Code fort.',
      passkey_unknown: 'Dieser Passkey gilt hier nicht mehr. Bitte fahren Sie mit einem Code fort.',
      passkey_failed: 'Dieser Passkey wurde nicht akzeptiert. Bitte fahren Sie mit einem Code fort.',
      passkey_exists: 'Dieses Gerät hat bereits einen Passkey für dieses Konto.',
    },
  },
  'fr': {
    passkeyOffer: 'Connectez-vous plus vite la prochaine fois avec votre empreinte, votre visage ou le verrouillage de l’écran.',
    passkeyCreate: 'Créer une clé d’accès',
    passkeyDismiss: 'Pas maintenant',
    passkeyCreated: 'Clé d’accès créée. La prochaine fois, votre appareil la proposera à la connexion.',
    passkeyUnsupported: 'Ce navigateur ne peut pas utiliser de clés d’accès. Vous pouvez continuer à vous connecter avec un code.',
    errors: {
      passkey_cancelled: 'La clé d’accès a été annulée. Réessayez ou continuez avec un code.',
      passkey_unknown: 'Cette clé d’accès ne fonctionne plus ici. Veuillez continuer avec un code.',
      passkey_failed: 'Cette clé d’accès n’a pas été acceptée. Veuillez continuer avec un code.',
      passkey_exists: 'Cet appareil a déjà une clé d’accès pour ce compte.',
    },
  },
  'es': {
    passkeyOffer: 'Inicia sesión más rápido la próxima vez con tu huella, tu cara o el bloqueo de pantalla.',
    passkeyCreate: 'Crear una llave de acceso',
    passkeyDismiss: 'Ahora no',
    passkeyCreated: 'Llave de acceso creada. La próxima vez, tu dispositivo la ofrecerá al iniciar sesión.',
    passkeyUnsupported: 'Este navegador no puede usar llaves de acceso. Puedes seguir iniciando sesión con un código.',
    errors: {
      passkey_cancelled: 'Se canceló la llave de acceso. Inténtalo de nuevo o continúa con un código.',
      passkey_unknown: 'Esta llave de acceso ya no funciona aquí. Continúa con un código.',
      passkey_failed: 'No se aceptó esta llave de acceso. Continúa con un código.',
      passkey_exists: 'Este dispositivo ya tiene una llave de acceso para esta cuenta.',
    },
  },
  'it': {
    passkeyOffer: 'La prossima volta accedi più in fretta con impronta, volto o blocco schermo.',
    passkeyCreate: 'Crea una passkey',
    passkeyDismiss: 'Non ora',
    passkeyCreated: 'Passkey creata. La prossima volta il tuo dispositivo te la proporrà per accedere.',
    passkeyUnsupported: 'Questo browser non può usare le passkey. Puoi continuare ad accedere con un codice.',
    errors: {
      passkey_cancelled: 'La passkey è stata annullata. Riprova o continua con un codice.',
      passkey_unknown: 'Questa passkey qui non funziona più. Continua con un codice.',
      passkey_failed: 'Questa passkey non è stata accettata. Continua con un codice.',
      passkey_exists: 'Questo dispositivo ha già una passkey per questo account.',
    },
  },
  'pt-BR': {
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
  },
  'nl': {
    passkeyOffer: 'Log de volgende keer sneller in met je vingerafdruk, gezicht of schermvergrendeling.',
    passkeyCreate: 'Passkey maken',
    passkeyDismiss: 'Niet nu',
    passkeyCreated: 'Passkey gemaakt. De volgende keer biedt je apparaat hem aan bij het inloggen.',
    passkeyUnsupported: 'Deze browser kan geen passkeys gebruiken. Je kunt blijven inloggen met een code.',
    errors: {
      passkey_cancelled: 'De passkey is geannuleerd. Probeer het opnieuw of ga verder met een code.',
      passkey_unknown: 'Deze passkey werkt hier niet meer. Ga verder met een code.',
      passkey_failed: 'Deze passkey is niet geaccepteerd. Ga verder met een code.',
      passkey_exists: 'Dit apparaat heeft al een passkey voor dit account.',
    },
  },
  'pl': {
    passkeyOffer: 'Następnym razem zaloguj się szybciej odciskiem palca, twarzą lub blokadą ekranu.',
    passkeyCreate: 'Utwórz klucz dostępu',
    passkeyDismiss: 'Nie teraz',
    passkeyCreated: 'Klucz dostępu utworzony. Następnym razem urządzenie zaproponuje go przy logowaniu.',
    passkeyUnsupported: 'Ta przeglądarka nie obsługuje kluczy dostępu. Możesz nadal logować się kodem.',
    errors: {
      passkey_cancelled: 'Klucz dostępu został anulowany. Spróbuj ponownie lub kontynuuj z kodem.',
      passkey_unknown: 'Ten klucz dostępu już tu nie działa. Kontynuuj z kodem.',
      passkey_failed: 'Ten klucz dostępu nie został zaakceptowany. Kontynuuj z kodem.',
      passkey_exists: 'To urządzenie ma już klucz dostępu do tego konta.',
    },
  },
  'ja': {
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
  },
  'zh-Hans': {
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
  },
  'ar': {
    passkeyOffer: 'سجّل الدخول أسرع في المرة القادمة ببصمتك أو وجهك أو قفل الشاشة.',
    passkeyCreate: 'إنشاء مفتاح مرور',
    passkeyDismiss: 'ليس الآن',
    passkeyCreated: 'تم إنشاء مفتاح المرور. في المرة القادمة سيعرضه جهازك عند تسجيل الدخول.',
    passkeyUnsupported: 'لا يمكن لهذا المتصفح استخدام مفاتيح المرور. يمكنك مواصلة تسجيل الدخول برمز.',
    errors: {
      passkey_cancelled: 'تم إلغاء مفتاح المرور. حاول مرة أخرى أو تابع برمز.',
      passkey_unknown: 'مفتاح المرور هذا لم يعد يعمل هنا. يُرجى المتابعة برمز.',
      passkey_failed: 'لم يُقبل مفتاح المرور هذا. يُرجى المتابعة برمز.',
      passkey_exists: 'يحتوي هذا الجهاز بالفعل على مفتاح مرور لهذا الحساب.',
    },
  },
  'he': {
    passkeyOffer: 'בפעם הבאה אפשר להתחבר מהר יותר עם טביעת אצבע, זיהוי פנים או נעילת המסך.',
    passkeyCreate: 'יצירת מפתח גישה',
    passkeyDismiss: 'לא עכשיו',
    passkeyCreated: 'מפתח הגישה נוצר. בפעם הבאה המכשיר יציע אותו בהתחברות.',
    passkeyUnsupported: 'הדפדפן הזה לא יכול להשתמש במפתחות גישה. אפשר להמשיך להתחבר עם קוד.',
    errors: {
      passkey_cancelled: 'מפתח הגישה בוטל. אפשר לנסות שוב או להמשיך עם קוד.',
      passkey_unknown: 'מפתח הגישה הזה כבר לא פועל כאן. יש להמשיך עם קוד.',
      passkey_failed: 'מפתח הגישה הזה לא התקבל. יש להמשיך עם קוד.',
      passkey_exists: 'במכשיר הזה כבר יש מפתח גישה לחשבון הזה.',
    },
  },
};
