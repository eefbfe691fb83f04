// A small argv reader: positional words, then --name value / --flag options.
export type Args = { words: string[]; options: Record<string, string | true> };

export function parseArgs(argv: string[]): Args {
  const words: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      if (inline !== undefined) options[name] = inline;
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--")) options[name] = argv[++i]!;
      else options[name] = true;
    } else words.push(arg);
  }
  return { words, options };
}

export class UsageError extends Error {}

export function required(options: Args["options"], name: string): string {
  const value = options[name];
  if (typeof value !== "string" || !value) throw new UsageError(`--${name} is required`);
  return value;
}
