/** Connect's Decimal logical type: the unscaled value as big-endian two's complement bytes, the scale in parameters. */
export function decimalFromBytes(bytes: Buffer, scale: number): string {
  if (bytes.length === 0) return '0';
  let unscaled = BigInt('0x' + bytes.toString('hex'));
  if (bytes[0]! & 0x80) unscaled -= 1n << BigInt(bytes.length * 8);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

export function decimalToBytes(decimal: string | number, scale: number): Buffer {
  const text = typeof decimal === 'number' ? decimal.toFixed(scale) : decimal.trim();
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  let unscaled = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  if (negative) unscaled = -unscaled;
  // Minimal two's complement width: grow until the sign bit matches the sign.
  let length = 1;
  while (unscaled >= 1n << BigInt(length * 8 - 1) || unscaled < -(1n << BigInt(length * 8 - 1))) length++;
  const encoded = unscaled < 0n ? (1n << BigInt(length * 8)) + unscaled : unscaled;
  return Buffer.from(encoded.toString(16).padStart(length * 2, '0'), 'hex');
}
