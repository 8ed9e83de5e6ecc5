import { BlockList, isIP } from 'node:net';

export type IpFamily = 'ipv4' | 'ipv6';

/** A parsed `address/prefix`; a bare address is a host route (/32 or /128). */
export interface Cidr {
  readonly family: IpFamily;
  readonly address: string;
  readonly prefix: number;
}

export class CidrError extends Error {
  constructor(
    readonly input: string,
    detail: string,
  ) {
    super(`Invalid CIDR "${input}": ${detail}`);
    this.name = 'CidrError';
  }
}

/** Strip `[v6]` brackets and a `%zone` suffix so socket addresses and URI hosts compare alike. */
export function normaliseAddress(address: string): string {
  let out = address.trim();
  if (out.startsWith('[') && out.endsWith(']')) out = out.slice(1, -1);
  const zone = out.indexOf('%');
  return zone === -1 ? out : out.slice(0, zone);
}

export function parseCidr(text: string): Cidr {
  const input = text.trim();
  if (!input) throw new CidrError(text, 'empty');
  const slash = input.indexOf('/');
  const address = normaliseAddress(slash === -1 ? input : input.slice(0, slash));
  const version = isIP(address);
  if (version === 0) throw new CidrError(text, `"${address}" is not an IPv4 or IPv6 address`);
  const family: IpFamily = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (slash === -1) return { family, address, prefix: max };
  const prefixText = input.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) throw new CidrError(text, `prefix "${prefixText}" is not a number`);
  const prefix = Number(prefixText);
  if (prefix > max) throw new CidrError(text, `prefix /${prefix} is longer than /${max}`);
  return { family, address, prefix };
}

/** `"10.0.0.0/8, 2001:db8::/32 ,192.0.2.7"` → CIDRs; blanks between commas are ignored. */
export function parseCidrList(text: string): Cidr[] {
  return text
    .split(',')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')
    .map(parseCidr);
}

export function formatCidr(cidr: Cidr): string {
  return `${cidr.address}/${cidr.prefix}`;
}

/**
 * A set of IPv4/IPv6 networks with fast membership. IPv4-mapped IPv6 sources (`::ffff:192.0.2.1`,
 * what a dual-stack socket reports) match IPv4 networks.
 */
export class CidrSet {
  readonly cidrs: readonly Cidr[];
  private readonly list = new BlockList();

  constructor(cidrs: readonly Cidr[] | string) {
    this.cidrs = typeof cidrs === 'string' ? parseCidrList(cidrs) : cidrs;
    for (const c of this.cidrs) this.list.addSubnet(c.address, c.prefix, c.family);
  }

  get size(): number {
    return this.cidrs.length;
  }

  has(address: string): boolean {
    const normalised = normaliseAddress(address);
    const version = isIP(normalised);
    if (version === 0) return false;
    return this.list.check(normalised, version === 4 ? 'ipv4' : 'ipv6');
  }
}
