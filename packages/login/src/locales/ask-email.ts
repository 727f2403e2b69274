/**
 * The landing page's texts for a link opened on another device or browser, where the backend
 * (Firebase) needs the address typed again. Only the landing page's chunk carries them: a code
 * sign-in never downloads them. Keys are the element's locales.
 */
export const askEmailTexts: Record<string, { ask: string; wrong: string }> = {
  en: {
    ask: 'This link was opened on a different device or browser. To finish signing in here, enter the email address the link was sent to.',
    wrong: 'This is not the address the link was sent to. Check it and try again.',
  },
  de: {
    ask: 'Dieser Link wurde auf einem anderen Gerät oder in einem anderen Browser geöffnet. Um die Anmeldung hier abzuschließen, geben Sie die E-Mail-Adresse ein, an die der Link gesendet wurde.',
    wrong: 'An diese Adresse wurde der Link nicht gesendet. Bitte prüfen Sie sie und versuchen Sie es noch einmal.',
  },
  fr: {
    ask: 'Ce lien a été ouvert sur un autre appareil ou navigateur. Pour terminer la connexion ici, saisissez l’adresse e-mail à laquelle le lien a été envoyé.',
    wrong: 'Le lien n’a pas été envoyé à cette adresse. Vérifiez-la et réessayez.',
  },
  es: {
    ask: 'Este enlace se abrió en otro dispositivo o navegador. Para terminar de iniciar sesión aquí, escribe la dirección de correo a la que se envió el enlace.',
    wrong: 'El enlace no se envió a esta dirección. Revísala e inténtalo de nuevo.',
  },
  it: {
    ask: 'Questo link è stato aperto su un altro dispositivo o browser. Per completare l’accesso qui, inserisci l’indirizzo email a cui è stato inviato il link.',
    wrong: 'Il link non è stato inviato a questo indirizzo. Controllalo e riprova.',
  },
  'pt-BR': {
    ask: 'Este link foi aberto em outro dispositivo ou navegador. Para concluir o login aqui, digite o endereço de e-mail para o qual o link foi enviado.',
    wrong: 'O link não foi enviado para este endereço. Confira e tente de novo.',
  },
  nl: {
    ask: 'Deze link is op een ander apparaat of in een andere browser geopend. Vul het e-mailadres in waarnaar de link is gestuurd om het inloggen hier af te ronden.',
    wrong: 'De link is niet naar dit adres gestuurd. Controleer het en probeer het opnieuw.',
  },
  pl: {
    ask: 'Ten link otwarto na innym urządzeniu lub w innej przeglądarce. Aby dokończyć logowanie tutaj, wpisz adres e-mail, na który wysłano link.',
    wrong: 'Link nie został wysłany na ten adres. Sprawdź go i spróbuj ponownie.',
  },
  ja: {
    ask: 'このリンクは別の端末またはブラウザで開かれました。ここでサインインを完了するには、リンクの送信先のメールアドレスを入力してください。',
    wrong: 'このアドレスにはリンクが送信されていません。確認して、もう一度お試しください。',
  },
  'zh-Hans': {
    ask: '此链接是在另一台设备或另一个浏览器中打开的。要在这里完成登录，请输入接收该链接的电子邮件地址。',
    wrong: '该链接并未发送到这个地址。请检查后重试。',
  },
  ar: {
    ask: 'فُتح هذا الرابط على جهاز أو متصفح آخر. لإكمال تسجيل الدخول هنا، أدخل عنوان البريد الإلكتروني الذي أُرسل إليه الرابط.',
    wrong: 'لم يُرسل الرابط إلى هذا العنوان. تحقّق منه وحاول مرة أخرى.',
  },
  he: {
    ask: 'הקישור הזה נפתח במכשיר או בדפדפן אחר. כדי להשלים את הכניסה כאן, יש להזין את כתובת האימייל שאליה נשלח הקישור.',
    wrong: 'הקישור לא נשלח לכתובת הזאת. יש לבדוק אותה ולנסות שוב.',
  },
};
