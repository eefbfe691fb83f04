// FNV-1a, 32 bits: a fast, stable hash for counting and sketching strings
// discovery has seen without keeping them (not for anything secret).

export function fnv1a(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** FNV-1a in base 36: a short stand-in for a value in small lists and counters. */
export const shortHash = (value: string): string => fnv1a(value).toString(36);
