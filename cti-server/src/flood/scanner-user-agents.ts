/**
 * User-Agent values of tools that scan the Internet for SIP servers and guess extensions and
 * passwords. No phone, carrier or PBX sends them; a real attacker can change the header, so this
 * only sheds the automated noise before it costs a transaction (rate limits catch the rest).
 */
const SCANNERS: readonly RegExp[] = [
  /friendly-scanner/i, // SIPVicious svmap/svwar/svcrack default
  /sipvicious/i,
  /sip-scan/i,
  /sipscan/i,
  /sipcli/i,
  /sundayddr/i,
  /^iwar/i,
  /vaxsipuseragent/i,
  /^smap/i,
  /pplsip/i,
];

export function isScannerUserAgent(userAgent: string | undefined): boolean {
  if (!userAgent) return false;
  return SCANNERS.some((pattern) => pattern.test(userAgent));
}
