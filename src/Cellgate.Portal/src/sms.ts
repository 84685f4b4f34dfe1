// What an SMS text will cost: GSM 03.38 7-bit (extension characters count twice) or UCS-2, and the parts
// (153 / 67 per part once concatenated). The server's codec (src/Cellgate.Sms) decides; this is the preview.
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';

export interface SmsCount { encoding: 'GSM-7' | 'UCS-2'; units: number; parts: number; perPart: number; remaining: number }

export function countSms(text: string): SmsCount {
  let septets = 0, gsm = true;
  for (const ch of text) {
    if (BASIC.includes(ch)) septets += 1;
    else if (EXTENSION.includes(ch)) septets += 2;
    else { gsm = false; break; }
  }
  if (gsm) {
    const parts = septets <= 160 ? 1 : Math.ceil(septets / 153);
    const perPart = parts === 1 ? 160 : 153;
    return { encoding: 'GSM-7', units: septets, parts: Math.max(parts, 1), perPart, remaining: perPart * Math.max(parts, 1) - septets };
  }
  const units = text.length; // UTF-16 code units: a character outside the BMP takes two
  const parts = units <= 70 ? 1 : Math.ceil(units / 67);
  const perPart = parts === 1 ? 70 : 67;
  return { encoding: 'UCS-2', units, parts, perPart, remaining: perPart * parts - units };
}
