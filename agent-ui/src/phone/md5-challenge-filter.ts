/**
 * sip.js 0.21 keeps only the last WWW-Authenticate / Proxy-Authenticate header of a response and
 * gives up unless its algorithm is MD5. RFC 8760 §2.4 lets a server offer several challenges, one
 * per algorithm (https://www.rfc-editor.org/rfc/rfc8760#section-2.4), and kefu sends MD5 then
 * SHA-256. Dropping the non-MD5 challenges before sip.js parses the message leaves it the one it
 * can answer.
 */
export function keepMd5Challenges(message: string): string {
  const headerEnd = message.indexOf('\r\n\r\n');
  if (headerEnd < 0 || !/^SIP\/2\.0 40[17] /.test(message)) return message;
  const lines = message.slice(0, headerEnd).split('\r\n');
  const isChallenge = (l: string) => /^(www|proxy)-authenticate\s*:/i.test(l);
  const md5 = (l: string) => !/algorithm\s*=\s*"?(?!md5)[\w-]+/i.test(l);
  if (!lines.some((l) => isChallenge(l) && md5(l))) return message;
  const kept = lines.filter((l) => !isChallenge(l) || md5(l));
  return kept.join('\r\n') + message.slice(headerEnd);
}
